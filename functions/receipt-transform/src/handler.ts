import { logger } from "@shoebox/runtime";
import type { TransformedReceipt } from "@shoebox/schemas";
import type { Context } from "aws-lambda";
import { transformReceipt } from "./transform-receipt.ts";

/**
 * The Transform task of the receipt workflow (lambda:invoke; payload `{ receipt }`, Validate's
 * receipt). It needs no configuration and calls no AWS service.
 */
export const handler = async (input: unknown, context?: Context): Promise<TransformedReceipt> => {
  if (context) logger.addContext(context);
  const transformed = transformReceipt(input);
  logger.info("receipt transformed", { merchant: transformed.merchant, category: transformed.category });
  return transformed;
};
