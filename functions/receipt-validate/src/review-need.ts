import type { CheckedReceiptField, ReceiptFinding, ReceiptHints, ReviewReason } from "@shoebox/schemas";
import type { RuleProblem } from "./business-rules.ts";
import type { ReceiptValidateConfig } from "./config.ts";

/** Whether the receipt waits for its owner, and why (issue 15). Fixed shape: the workflow reads every field. */
export interface ReviewNeed {
  needed: boolean;
  reasons: ReviewReason[];
  /** The reasons should CheckDuplicate find a match: null when a match would be a certain duplicate. */
  reasonsIfDuplicate: ReviewReason[] | null;
}

const NO_REVIEW: ReviewNeed = { needed: false, reasons: [], reasonsIfDuplicate: null };

const FIELDS: readonly CheckedReceiptField[] = ["merchant", "date", "total", "currency"];

/** The owner's limit for this currency, else the deployment's (`*`), else none. */
const totalLimit = (limits: ReceiptValidateConfig["totalLimits"], ownerId: string, currency: string) =>
  limits[ownerId]?.[currency] ?? limits["*"]?.[currency];

/**
 * Decides whether a person should look at the receipt before it is stored: a finding of the
 * reading (low confidence, hints that disagree, a field not read), a rule broken by a value the
 * machine read (a rule broken by the uploader's own hint is theirs to fix: INVALID as before), or
 * a total over the owner's limit. A receipt a person already decided on is never sent again.
 * A business-key match is a certain duplicate only when its fields were given by a person; on
 * read fields it is a likely one, for a person to decide (`reasonsIfDuplicate`).
 *
 * @example
 * reviewNeed({ findings, problems: [], fields, hints: {}, ownerId, reviewed: false }, config);
 * // { needed: true, reasons: [{ code: "LOW_CONFIDENCE", field: "date", … }], reasonsIfDuplicate: [ … ] }
 */
export const reviewNeed = (
  receipt: {
    findings: ReceiptFinding[];
    problems: RuleProblem[];
    fields: ReceiptHints;
    hints: ReceiptHints;
    ownerId: string;
    reviewed: boolean;
  },
  config: Pick<ReceiptValidateConfig, "reviewsEnabled" | "totalLimits">,
): ReviewNeed => {
  if (!config.reviewsEnabled || receipt.reviewed) return NO_REVIEW;
  const hinted = (field: CheckedReceiptField) => receipt.hints[field] !== undefined;
  if (receipt.problems.some((problem) => hinted(problem.field))) return NO_REVIEW;

  const reasons: ReviewReason[] = [
    ...receipt.findings.map(({ code, field, message }) => ({ code, field, message })),
    ...receipt.problems.map(({ field, message }) => ({ code: "BROKEN_RULE" as const, field, message })),
  ];
  const { total, currency } = receipt.fields;
  const limit =
    currency === undefined ? undefined : totalLimit(config.totalLimits, receipt.ownerId, currency);
  if (total !== undefined && limit !== undefined && total > limit) {
    reasons.push({
      code: "OVER_LIMIT",
      field: "total",
      message: `total ${total} ${currency} is above the limit of ${limit} ${currency}`,
    });
  }
  const readByMachine = FIELDS.some((field) => !hinted(field));
  return {
    needed: reasons.length > 0,
    reasons,
    reasonsIfDuplicate: readByMachine
      ? [
          ...reasons,
          {
            code: "LIKELY_DUPLICATE",
            message: "another receipt of yours has the same merchant, date and total as read here",
          },
        ]
      : null,
  };
};
