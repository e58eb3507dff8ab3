-- What each column may hold, the limits of the delivery message (RECEIPT_COLUMN_LIMITS and
-- DeliveryMessageSchema in @shoebox/schemas) stated by the table itself, so that the schema and
-- the table refuse the same rows (tests/integration/column-limits.test.ts proves it against a
-- real server). PostgreSQL's own rules add the rest: text holds no NUL character, there is no
-- year 0, and char(3) takes no fourth letter.
-- NOT VALID: rows delivered before are not re-checked, so the migration neither scans a large
-- table under an exclusive lock nor fails on an old row; every row written from now on is checked.
ALTER TABLE shoebox_receipts
  ADD CONSTRAINT shoebox_receipts_receipt_id_format CHECK (receipt_id ~ '^[A-Za-z0-9_-]{1,64}$') NOT VALID,
  ADD CONSTRAINT shoebox_receipts_owner_id_format CHECK (owner_id ~ '^[A-Za-z0-9_-]{22}$') NOT VALID,
  ADD CONSTRAINT shoebox_receipts_merchant_length CHECK (char_length(merchant) BETWEEN 1 AND 200) NOT VALID,
  ADD CONSTRAINT shoebox_receipts_receipt_date_range
    CHECK (receipt_date BETWEEN DATE '1900-01-01' AND DATE '2099-12-31') NOT VALID,
  ADD CONSTRAINT shoebox_receipts_total_minor_range CHECK (total_minor <= 9007199254740991) NOT VALID,
  ADD CONSTRAINT shoebox_receipts_category_format CHECK (category ~ '^[a-z][a-z0-9-]{0,39}$') NOT VALID,
  ADD CONSTRAINT shoebox_receipts_stored_at_range
    CHECK (stored_at >= TIMESTAMPTZ '1900-01-01 00:00:00+00' AND stored_at < TIMESTAMPTZ '2100-01-01 00:00:00+00') NOT VALID;
