import { logger, workflowTaskHandler } from "@shoebox/runtime";
import type { TransformedReceipt } from "@shoebox/schemas";
import { transformReceipt } from "./transform-receipt.ts";

/**
 * The Transform task of the receipt workflow (lambda:invoke; payload `{ receipt, correlationId }`,
 * Validate's receipt). It needs no configuration and calls no AWS service.
 */
export const handler = workflowTaskHandler(async (input: unknown): Promise<TransformedReceipt> => {
  const transformed = transformReceipt(input);
  logger.info("receipt transformed", { merchant: transformed.merchant, category: transformed.category });
  return transformed;
});
