import { logger } from "@shoebox/runtime";
import type { ReceiptValidation } from "@shoebox/schemas";
import type { Context } from "aws-lambda";
import { validateReceipt } from "./validate-receipt.ts";

/**
 * The Validate task of the receipt workflow (lambda:invoke; the payload is one Map item). It needs
 * no configuration and calls no AWS service: it answers from its input alone.
 */
export const handler = async (item: unknown, context?: Context): Promise<ReceiptValidation> => {
  if (context) logger.addContext(context);
  const verdict = validateReceipt(item, new Date());
  const photoId = (item as { photoId?: unknown } | null)?.photoId;
  if (verdict.valid) logger.info("receipt valid", { photoId, matchKey: verdict.keys.match });
  else logger.info("receipt invalid", { photoId, problems: verdict.problems });
  return verdict;
};
