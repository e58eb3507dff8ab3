import { ReaderThrottledError, ReceiptUnreadableError } from "@shoebox/receipt-reading";

/** Textract's answers that mean "later": retried by the workflow with backoff. */
const THROTTLED = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "LimitExceededException",
  "InternalServerError",
]);

/** Textract's answers that mean "never, for this document": recorded as the receipt's failure. */
const UNREADABLE: Record<string, string> = {
  UnsupportedDocumentException: "Textract cannot read this document type (it reads JPEG, PNG, TIFF and PDF)",
  BadDocumentException: "Textract could not read the document: it is damaged or not a receipt image",
  DocumentTooLargeException: "the document is larger than Textract reads (10 MB, or 3000 pages)",
  InvalidS3ObjectException:
    "Textract could not read the original from S3 (missing, or a version that is gone)",
};

/**
 * A Textract failure as the workflow should see it: unreadable documents as ReceiptUnreadable,
 * throttling as ReceiptReader.Throttled; anything else (a missing permission, a bad parameter)
 * is ours to fix and passes unchanged, so the receipt is recorded FAILED with its name.
 */
export const asReaderError = (error: unknown, what: string): unknown => {
  const name = (error as { name?: string } | null)?.name ?? "";
  if (THROTTLED.has(name))
    return new ReaderThrottledError(`Textract throttled ${what} (${name})`, { cause: error });
  const reason = UNREADABLE[name];
  if (reason) return new ReceiptUnreadableError(`${reason}: ${what}`, { cause: error });
  return error;
};
