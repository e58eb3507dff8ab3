import { logger, workflowTaskHandler } from "@shoebox/runtime";
import type { ReceiptValidation } from "@shoebox/schemas";
import { loadReceiptValidateConfig } from "./config.ts";
import { validateReceipt } from "./validate-receipt.ts";

const config = loadReceiptValidateConfig();

/**
 * The Validate task of the receipt workflow (lambda:invoke; the payload is one Map item). It calls
 * no AWS service: it answers from its input and the review thresholds of its configuration.
 */
export const handler = workflowTaskHandler(async (item: unknown): Promise<ReceiptValidation> => {
  const verdict = validateReceipt(item, new Date(), config);
  const photoId = (item as { photoId?: unknown } | null)?.photoId;
  const review = verdict.review.needed ? verdict.review.reasons.map((reason) => reason.code) : undefined;
  if (verdict.valid) logger.info("receipt valid", { photoId, matchKey: verdict.keys.match, review });
  else logger.info("receipt invalid", { photoId, problems: verdict.problems, review });
  return verdict;
});
