import { marshall } from "@aws-sdk/util-dynamodb";
import {
  categoryRuleSortKey,
  hashMarkerSortKey,
  matchMarkerSortKey,
  merchantKeyOf,
  type ReceiptFinding,
  type ReceiptReading,
  ReceiptValidateInputSchema,
  type ReceiptValidation,
  toMinorUnits,
} from "@shoebox/schemas";
import { businessRuleProblems } from "./business-rules.ts";
import { reconcile } from "./reconcile.ts";

/** Schema issues as short sentences: `receipt.total: Invalid input: expected number`. */
const schemaProblems = (issues: { path: PropertyKey[]; message: string }[]): string[] =>
  issues.map((issue) =>
    issue.path.length ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message,
  );

/** What the state machine writes on the receipt item as it is (DynamoDB wire format). */
const itemAttributes = (
  reading: ReceiptReading | null,
  findings: ReceiptFinding[],
  problems: string[],
): ReceiptValidation["attributes"] => {
  const attributes = marshall({ reading, findings, problems }, { removeUndefinedValues: true });
  return {
    reading: { ...attributes.reading },
    findings: { ...attributes.findings },
    problems: { ...attributes.problems },
  };
};

const invalid = (
  problems: string[],
  reading: ReceiptReading | null = null,
  findings: ReceiptFinding[] = [],
): ReceiptValidation => ({
  valid: false,
  receipt: null,
  keys: null,
  problems,
  findings,
  attributes: itemAttributes(reading, findings, problems),
});

/**
 * Checks one workflow item: its schema, then the business rules on the receipt's fields, each
 * taken from the uploader's hint when given, else from the reading (reconcile.ts, which also
 * names the findings a person should look at). A bad receipt is an answer (`valid: false` with
 * every problem named), never an error: the state machine records it INVALID and announces
 * `receipt.invalid`; errors are kept for what a retry can fix.
 *
 * @example
 * const verdict = validateReceipt(item, new Date());
 * if (verdict.valid) console.log(verdict.keys.match); // MATCH#cafe-central#2026-11-20#1250#EUR
 */
export const validateReceipt = (item: unknown, now: Date): ReceiptValidation => {
  const parsed = ReceiptValidateInputSchema.safeParse(item);
  if (!parsed.success) return invalid(schemaProblems(parsed.error.issues));

  const { reading } = parsed.data;
  const { fields, findings } = reconcile(parsed.data.receipt, reading);
  const { merchant, date, total, currency } = fields;
  const problems = businessRuleProblems(fields, now);
  if (merchant === undefined || date === undefined || total === undefined || currency === undefined) {
    return invalid(problems, reading, findings);
  }
  const merchantKey = merchantKeyOf(merchant);
  const totalMinor = toMinorUnits(total, currency);
  if (problems.length > 0 || totalMinor === undefined) return invalid(problems, reading, findings);

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
    findings,
    attributes: itemAttributes(reading, findings, []),
  };
};
