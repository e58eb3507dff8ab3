-- Receipts delivered by shoebox, one row per receipt id.
-- write_count proves idempotency without relying on system columns: it is 1 when the row is
-- inserted and grows only when a NEWER version of the receipt (a later stored_at) replaces
-- it, so a redelivered message never changes it. "Written twice" = rows with write_count > 1
-- that were sent once.
CREATE TABLE shoebox_receipts (
  receipt_id   text        PRIMARY KEY,
  owner_id     text        NOT NULL,
  merchant     text        NOT NULL,
  receipt_date date        NOT NULL,
  total_minor  bigint      NOT NULL CHECK (total_minor >= 0),
  currency     char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  category     text        NOT NULL,
  stored_at    timestamptz NOT NULL,
  delivered_at timestamptz NOT NULL DEFAULT now(),
  write_count  integer     NOT NULL DEFAULT 1
);

CREATE INDEX shoebox_receipts_owner_date ON shoebox_receipts (owner_id, receipt_date);
