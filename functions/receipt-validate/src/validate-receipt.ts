import {
  categoryRuleSortKey,
  hashMarkerSortKey,
  matchMarkerSortKey,
  merchantKeyOf,
  type ReceiptValidation,
  ReceiptWorkflowItemSchema,
  toMinorUnits,
} from "@shoebox/schemas";
import { businessRuleProblems } from "./business-rules.ts";

/** Schema issues as short sentences: `receipt.total: Invalid input: expected number`. */
const schemaProblems = (issues: { path: PropertyKey[]; message: string }[]): string[] =>
  issues.map((issue) =>
    issue.path.length ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message,
  );

const invalid = (problems: string[]): ReceiptValidation => ({
  valid: false,
  receipt: null,
  keys: null,
  problems,
});

/**
 * Checks one workflow item: its schema, then the business rules on the uploader's hints. A bad
 * receipt is an answer (`valid: false` with every problem named), never an error: the state
 * machine routes it to `receipt.invalid`, and errors are kept for what a retry can fix.
 *
 * @example
 * const verdict = validateReceipt(item, new Date());
 * if (verdict.valid) console.log(verdict.keys.match); // MATCH#cafe-central#2026-11-20#1250#EUR
 */
export const validateReceipt = (item: unknown, now: Date): ReceiptValidation => {
  const parsed = ReceiptWorkflowItemSchema.safeParse(item);
  if (!parsed.success) return invalid(schemaProblems(parsed.error.issues));

  const { merchant, date, total, currency } = parsed.data.receipt;
  const problems = businessRuleProblems({ merchant, date, total, currency }, now);
  if (merchant === undefined || date === undefined || total === undefined || currency === undefined) {
    return invalid(problems);
  }
  const merchantKey = merchantKeyOf(merchant);
  const totalMinor = toMinorUnits(total, currency);
  if (problems.length > 0 || totalMinor === undefined) return invalid(problems);

  const receipt = {
    merchant: merchant.replace(/\s+/g, " ").trim(),
    merchantKey,
    date,
    total,
    totalMinor,
    currency,
  };
  return {
    valid: true,
    receipt,
    keys: {
      hash: hashMarkerSortKey(parsed.data.sha256),
      match: matchMarkerSortKey(receipt),
      categoryRule: categoryRuleSortKey(merchantKey),
    },
    problems: [],
  };
};
