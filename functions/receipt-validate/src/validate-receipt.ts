import { marshall } from "@aws-sdk/util-dynamodb";
import {
  categoryRuleSortKey,
  hashMarkerSortKey,
  matchMarkerSortKey,
  merchantKeyOf,
  type ReceiptFinding,
  type ReceiptHints,
  type ReceiptReading,
  type ReceiptValidateInput,
  ReceiptValidateInputSchema,
  type ReceiptValidation,
  toMinorUnits,
} from "@shoebox/schemas";
import { businessRuleProblems } from "./business-rules.ts";
import type { ReceiptValidateConfig } from "./config.ts";
import { reconcile } from "./reconcile.ts";
import { type ReviewNeed, reviewNeed } from "./review-need.ts";

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
  review: ReceiptValidateInput["reviewed"] | null | undefined,
): ReceiptValidation["attributes"] => {
  const attributes = marshall(
    { reading, findings, problems, review: review ?? null },
    { removeUndefinedValues: true },
  );
  return {
    reading: { ...attributes.reading },
    findings: { ...attributes.findings },
    problems: { ...attributes.problems },
    review: { ...attributes.review },
  };
};

const NO_REVIEW: ReviewNeed = { needed: false, reasons: [], reasonsIfDuplicate: null };

const invalid = (
  problems: string[],
  context: {
    reading?: ReceiptReading | null;
    findings?: ReceiptFinding[];
    fields?: ReceiptHints;
    review?: ReviewNeed;
    reviewed?: ReceiptValidateInput["reviewed"];
  } = {},
): ReceiptValidation => {
  const { reading = null, findings = [], fields = {}, review = NO_REVIEW, reviewed = null } = context;
  return {
    valid: false,
    receipt: null,
    keys: null,
    problems,
    findings,
    review: { ...review, fields },
    attributes: itemAttributes(reading, findings, problems, reviewed),
  };
};

/**
 * Checks one workflow item: its schema, then the business rules on the receipt's fields, each
 * taken from the uploader's hint when given, else from the reading (reconcile.ts, which also
 * names the findings a person should look at). A bad receipt is an answer (`valid: false` with
 * every problem named), never an error: the state machine records it INVALID and announces
 * `receipt.invalid`; errors are kept for what a retry can fix.
 *
 * @example
 * const verdict = validateReceipt(item, new Date(), config);
 * if (verdict.valid) console.log(verdict.keys.match); // MATCH#cafe-central#2026-11-20#1250#EUR
 */
export const validateReceipt = (
  item: unknown,
  now: Date,
  config: Pick<ReceiptValidateConfig, "reviewsEnabled" | "totalLimits" | "minConfidence">,
): ReceiptValidation => {
  const parsed = ReceiptValidateInputSchema.safeParse(item);
  if (!parsed.success) return invalid(schemaProblems(parsed.error.issues));

  const { reading, reviewed } = parsed.data;
  // After a review, the owner's values win; before, the uploader's hints.
  const stated = reviewed ? reviewed.decision.after : parsed.data.receipt;
  const { fields, findings } = reconcile(stated, reading, {
    minConfidence: config.minConfidence,
    statedBy: reviewed ? "reviewer" : "uploader",
  });
  const ruleProblems = businessRuleProblems(fields, now);
  const problems = ruleProblems.map((problem) => problem.message);
  const review = reviewNeed(
    {
      findings,
      problems: ruleProblems,
      fields,
      hints: stated,
      ownerId: parsed.data.ownerId,
      reviewed: !!reviewed,
    },
    config,
  );
  const context = { reading, findings, fields, review, reviewed };
  const { merchant, date, total, currency } = fields;
  if (merchant === undefined || date === undefined || total === undefined || currency === undefined) {
    return invalid(problems, context);
  }
  const merchantKey = merchantKeyOf(merchant);
  const totalMinor = toMinorUnits(total, currency);
  if (problems.length > 0 || totalMinor === undefined) return invalid(problems, context);

  const receipt = {
    merchant: merchant.replace(/\s+/g, " ").trim(),
    merchantKey,
    date,
    total,
    totalMinor,
    currency,
  };
  // The owner, shown a likely duplicate, kept this receipt: it no longer matches the other one.
  const keptDespiteMatch = reviewed?.reasons.some((reason) => reason.code === "LIKELY_DUPLICATE");
  return {
    valid: true,
    receipt,
    keys: {
      hash: hashMarkerSortKey(parsed.data.sha256),
      match: keptDespiteMatch
        ? `${matchMarkerSortKey(receipt)}#${parsed.data.photoId}`
        : matchMarkerSortKey(receipt),
      categoryRule: categoryRuleSortKey(merchantKey),
    },
    problems: [],
    findings,
    review: { ...review, fields },
    attributes: itemAttributes(reading, findings, [], reviewed),
  };
};
