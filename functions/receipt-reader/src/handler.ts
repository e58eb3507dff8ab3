import { fieldsRead, readOriginal, readRequestOf } from "@shoebox/receipt-reading";
import { logger, workflowTaskHandler } from "@shoebox/runtime";
import type { ReceiptReading } from "@shoebox/schemas";
import { loadReceiptReaderConfig } from "./config.ts";
import { assertReadableType } from "./document-pages.ts";
import { startOcrEngine } from "./ocr-engine.ts";
import { readReceiptWithStats } from "./read-document.ts";

const config = loadReceiptReaderConfig();

// The OCR engine starts during the container's init, once: the first receipt does not wait for
// it, and a zip that cannot start it (a missing wasm or traineddata) fails to load at all.
await startOcrEngine();

/**
 * The Extract task of the receipt workflow with receipt_reader = "local" (lambda:invoke; the
 * payload is the ReceiptReadRequest). OCRs the original offline and answers the normalised
 * reading. A document that cannot be read throws `ReceiptUnreadable`, which the state machine
 * catches by name; S3 trouble throws a TransientError, to be retried.
 */
export const handler = workflowTaskHandler(async (item: unknown): Promise<ReceiptReading> => {
  const { original, photoId } = readRequestOf(item);
  assertReadableType(original.contentType);

  const started = performance.now();
  const bytes = await readOriginal(config.uploadsBucket, original, config.maxInputBytes);
  const downloadMs = Math.round(performance.now() - started);
  const { reading, pages } = await readReceiptWithStats(bytes, original.contentType, {
    maxInputPixels: config.maxInputPixels,
    maxDecodeBytes: config.maxDecodeBytes,
  });
  // Sizes, timings and confidences only: the receipt's text is personal data.
  logger.info("receipt read", {
    photoId,
    bytes: bytes.byteLength,
    downloadMs,
    ms: Math.round(performance.now() - started),
    ...fieldsRead(reading),
    pageStats: pages,
  });
  return reading;
});
