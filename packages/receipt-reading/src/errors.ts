import { PermanentError, TransientError } from "@shoebox/runtime";

/*
 * The two ways a reader fails on purpose. Step Functions sees a function error's `name` as the
 * task's Error, so the workflow's Extract state can tell them apart: ReceiptUnreadable is caught
 * and recorded as the receipt's failure, ReceiptReader.Throttled is retried with backoff.
 */

/** The document cannot be read, now or later: not a receipt image, corrupt, over a limit. */
export class ReceiptUnreadableError extends PermanentError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, "RECEIPT_UNREADABLE", options);
    this.name = "ReceiptUnreadable";
  }
}

/** The reading service refused for now (throttling, a quota, its own 5xx): try again later. */
export class ReaderThrottledError extends TransientError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ReceiptReader.Throttled";
  }
}
