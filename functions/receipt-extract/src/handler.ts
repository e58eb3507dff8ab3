import { fieldsRead, normaliseExpense, readRequestOf } from "@shoebox/receipt-reading";
import { logger, textractClient, workflowTaskHandler } from "@shoebox/runtime";
import type { ReceiptReading } from "@shoebox/schemas";
import type { Context } from "aws-lambda";
import { analyzeExpense } from "./analyze-expense.ts";
import { loadReceiptExtractConfig } from "./config.ts";

const config = loadReceiptExtractConfig();

/**
 * The Extract task of the receipt workflow with receipt_reader = "textract" (lambda:invoke; the
 * payload is the Map item). Answers only the normalised reading: Textract's own response can be
 * larger than a state may carry (256 KiB).
 */
export const handler = workflowTaskHandler(
  async (item: unknown, context?: Context): Promise<ReceiptReading> => {
    const { original, photoId } = readRequestOf(item);
    const started = Date.now();
    const response = await analyzeExpense(textractClient(), {
      object: { Bucket: config.uploadsBucket, Name: original.key, Version: original.versionId },
      contentType: original.contentType,
      limits: config.conversionLimits,
      remainingMs: () => context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY,
      pollMs: config.expenseJobPollMs,
    });
    const reading = normaliseExpense(response, "textract");
    logger.info("receipt read", { photoId, ms: Date.now() - started, ...fieldsRead(reading) });
    return reading;
  },
);
