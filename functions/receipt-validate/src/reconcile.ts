import {
  type CheckedReceiptField,
  merchantKeyOf,
  type ReceiptFinding,
  type ReceiptHints,
  type ReceiptReading,
} from "@shoebox/schemas";

/**
 * Below this confidence (0-1) a read value is used but flagged for a person, unless the
 * deployment sets its own (review_min_confidence). Textract answers 0.9 and above for fields it
 * is sure of; the offline reader scores labelled fields the same way.
 */
export const LOW_CONFIDENCE = 0.8;

/** Who stated the values that win over the reading: the uploader (hints) or the owner in review. */
export type StatedBy = "uploader" | "reviewer";

type ReadValues = {
  merchant: string;
  date: string;
  total: number;
  currency: string;
};

const sameValue: { [F in CheckedReceiptField]: (hint: ReadValues[F], read: ReadValues[F]) => boolean } = {
  // "Corner Bakery" and "CORNER BAKERY LTD" are one merchant: one key contains the other.
  merchant: (hint, read) => {
    const [a, b] = [merchantKeyOf(hint), merchantKeyOf(read)];
    return a.includes(b) || b.includes(a);
  },
  date: (hint, read) => hint === read,
  total: (hint, read) => Math.abs(hint - read) < 0.005,
  currency: (hint, read) => hint.toUpperCase() === read.toUpperCase(),
};

const FIELDS: readonly CheckedReceiptField[] = ["merchant", "date", "total", "currency"];

/**
 * The receipt's fields from what was read and what the uploader said. A hint, when given, wins:
 * it is a person's statement about their own receipt; where the reading contradicts it, the
 * disagreement is kept as a finding. A field taken from the reading is flagged when its
 * confidence is low, and a field neither read nor given is a finding too (and, as a missing
 * field, a problem for the business rules).
 *
 * @example
 * reconcile({ total: 12.5 }, reading); // { fields: { total: 12.5, merchant: "Corner Bakery", … }, findings: [] }
 */
export const reconcile = (
  hints: ReceiptHints,
  reading: ReceiptReading | null,
  options: { minConfidence?: number; statedBy?: StatedBy } = {},
): { fields: ReceiptHints; findings: ReceiptFinding[] } => {
  const { minConfidence = LOW_CONFIDENCE, statedBy = "uploader" } = options;
  const fields: ReceiptHints = {};
  const findings: ReceiptFinding[] = [];
  for (const field of FIELDS) {
    const hint = hints[field] as ReadValues[typeof field] | undefined;
    const read = reading?.[field] ?? null;
    if (hint !== undefined) {
      Object.assign(fields, { [field]: hint });
      if (read && !(sameValue[field] as (a: unknown, b: unknown) => boolean)(hint, read.value)) {
        findings.push({
          field,
          code: "HINT_DISAGREES",
          message: `the ${statedBy} gave ${field} ${JSON.stringify(hint)}, the receipt reads ${JSON.stringify(read.value)}`,
        });
      }
    } else if (read) {
      Object.assign(fields, { [field]: read.value });
      if (read.confidence < minConfidence) {
        findings.push({
          field,
          code: "LOW_CONFIDENCE",
          message: `${field} ${JSON.stringify(read.value)} was read with confidence ${read.confidence.toFixed(2)}`,
        });
      }
    } else {
      findings.push({ field, code: "NOT_READ", message: `no ${field} could be read from the receipt` });
    }
  }
  return { fields, findings };
};
