import { readS3Object, S3ObjectMissingError, S3ObjectTooLargeError } from "@shoebox/runtime";
import { type ReceiptReading, type ReceiptReadRequest, ReceiptReadRequestSchema } from "@shoebox/schemas";
import { ReceiptUnreadableError } from "./errors.ts";

/*
 * What both readers' handlers (receipt-extract, receipt-reader) share as the workflow's Extract
 * task: the request they take, how they download an original, and what they may log of a
 * reading. The readers are alternatives, never deployed together: a receipt fails with the same
 * words whichever is deployed.
 */

/**
 * The Extract task's payload (the workflow item) as a read request. An item that names no
 * original cannot be read, now or later: ReceiptUnreadable, which the state machine records.
 *
 * @example
 * const { original, photoId } = readRequestOf(item);
 */
export const readRequestOf = (item: unknown): ReceiptReadRequest => {
  const request = ReceiptReadRequestSchema.safeParse(item);
  if (!request.success) {
    throw new ReceiptUnreadableError(`the workflow item names no original to read: ${request.error.message}`);
  }
  return request.data;
};

/**
 * Which fields a reading has, for the log: names and counts only, never the values (a
 * receipt's text is personal data).
 *
 * @example
 * fieldsRead(reading); // { read: ["merchant", "date", "total"], lineItems: 3, pages: 1 }
 */
export const fieldsRead = (reading: ReceiptReading) => ({
  read: Object.entries(reading)
    .filter(([, field]) => field !== null && typeof field === "object" && "confidence" in field)
    .map(([name]) => name),
  lineItems: reading.lineItems.length,
  pages: reading.pages,
});

/**
 * Downloads the receipt's original, the very version the workflow names (readS3Object: a later
 * upload to the same key cannot slip in). Refuses it as ReceiptUnreadable when it is gone or
 * larger than `maxBytes` (from its Content-Length, before a byte of the body is read, and again
 * while reading); anything else S3 says (throttling, 5xx, a timeout) is a TransientError to retry.
 *
 * @example
 * const bytes = await readOriginal("shoebox-uploads", { key: "uploads/o/p", versionId: "v1" }, 25 << 20);
 */
export const readOriginal = (
  bucket: string,
  original: Pick<ReceiptReadRequest["original"], "key" | "versionId">,
  maxBytes: number,
): Promise<Uint8Array> =>
  readS3Object(bucket, original, maxBytes).catch((error: unknown) => {
    if (error instanceof S3ObjectMissingError) {
      throw new ReceiptUnreadableError(
        "the receipt's file is no longer in the uploads bucket (deleted after it was uploaded); upload it again",
        { cause: error },
      );
    }
    if (error instanceof S3ObjectTooLargeError) {
      const size = error.bytes === undefined ? `more than ${maxBytes}` : String(error.bytes);
      throw new ReceiptUnreadableError(
        `the receipt's file has ${size} bytes, more than the ${maxBytes} a receipt may have; upload a smaller photo of it (a JPEG of a few MB is plenty)`,
      );
    }
    throw error;
  });
