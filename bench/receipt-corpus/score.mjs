/*
 * How a reading is judged against its label, field by field: the total to the cent, the date
 * and currency exactly, the merchant by similarity of normalised names (OCR drops an accent or
 * reads "Cafe" for "Café"; the reader may keep a store number), at least MERCHANT_THRESHOLD.
 */

export const MERCHANT_THRESHOLD = 0.8;
export const FIELDS = ["merchant", "date", "total", "currency"];

/** Lower case, punctuation and symbols dropped, runs of spaces made one: "JOE'S  DINER!" -> "joes diner". */
export const normaliseMerchant = (name) =>
  name
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, "")
    .replace(/\s+/g, " ")
    .trim();

/** Edits (insert, delete, substitute one character) from one string to the other. */
export const levenshtein = (from, to) => {
  const a = [...from];
  const b = [...to];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
};

/**
 * 1 - levenshtein / length of the longer, on normalised names: 1 is the same name, 0 nothing
 * in common. Nothing read scores 0.
 *
 * @example
 * merchantSimilarity("Joe's Family Diner", "JOES FAMILY DINER"); // 1
 */
export const merchantSimilarity = (expected, read) => {
  if (read === null || read === undefined) return 0;
  const a = normaliseMerchant(expected);
  const b = normaliseMerchant(read);
  const longer = Math.max([...a].length, [...b].length);
  return longer === 0 ? 1 : 1 - levenshtein(a, b) / longer;
};

/** "1234.56" (a label) as 123456 cents, without going through a float. */
export const labelCents = (total) => {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(total);
  if (!match) throw new Error(`"${total}" is not an amount with two decimals`);
  const cents = Number(match[2]) * 100 + Number(match[3]);
  return match[1] ? -cents : cents;
};

/** A read total as cents: 12.5 and 12.499999999 are both 1250. */
export const readCents = (value) => Math.round(value * 100);

/** Whether the read total is the label's to the cent. */
export const sameCents = (labelTotal, readTotal) =>
  typeof readTotal === "number" &&
  Number.isFinite(readTotal) &&
  readCents(readTotal) === labelCents(labelTotal);

/**
 * One reading against its label: per field whether it is right, and what was read.
 * `reading` is null when the reader failed on the file.
 */
export const scoreReading = (label, reading) => {
  const value = (field) => reading?.[field]?.value ?? null;
  const similarity = merchantSimilarity(label.merchant, value("merchant"));
  const correct = {
    merchant: similarity >= MERCHANT_THRESHOLD,
    date: value("date") === label.date,
    total: sameCents(label.total, value("total")),
    currency: value("currency") === label.currency,
  };
  return { correct, allFields: FIELDS.every((field) => correct[field]), merchantSimilarity: similarity };
};

/** The label's style in the bench's three groups: scans, phone photos, and the other formats. */
export const styleGroup = (style) => (style === "clean" || style === "photo" ? style : "pdf/heic");

/**
 * Per group (and "all"): receipts, and per field how many were right and how many read nothing.
 * `results` are { style, score, reading } rows.
 */
export const accuracyByGroup = (results) => {
  const groups = ["clean", "photo", "pdf/heic", "all"];
  return Object.fromEntries(
    groups.map((group) => {
      const members = results.filter((result) => group === "all" || styleGroup(result.style) === group);
      const fields = Object.fromEntries(
        FIELDS.map((field) => [
          field,
          {
            right: members.filter((result) => result.score.correct[field]).length,
            unread: members.filter((result) => (result.reading?.[field] ?? null) === null).length,
          },
        ]),
      );
      return [
        group,
        {
          receipts: members.length,
          ...fields,
          allFields: { right: members.filter((result) => result.score.allFields).length },
          failedToRead: members.filter((result) => result.reading === null).length,
        },
      ];
    }),
  );
};
