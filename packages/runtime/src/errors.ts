/**
 * The one base class of shoebox errors. Each subclass names what becomes of the input that
 * failed, so a handler decides by type, never by message:
 *
 * | class | the input | its message |
 * | --- | --- | --- |
 * | `PermanentError` | will never succeed: recorded as failed, with its code and reason | acknowledged, never retried |
 * | `UnprocessableMessageError` | cannot even be read, so nothing can be recorded for it | failed every time, until the DLQ keeps it |
 * | `TransientError` | is not to blame (throttling, a timeout, a dependency down, a bug) | failed, retried; the DLQ keeps it after maxReceiveCount |
 */
export class ShoeboxError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ShoeboxError";
  }
}

/**
 * Bad input that no retry can fix: the function records it as failed (its code is what the
 * user sees), acknowledges its message and moves on. Record it before letting it go: an error
 * that reaches `sqsBatchHandler` unrecorded returns its message to the queue like any other,
 * because acknowledging what was never recorded would lose it.
 *
 * @example
 * throw new PermanentError("the file is not an image", "NOT_AN_IMAGE");
 */
export class PermanentError extends ShoeboxError {
  readonly code: string;

  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PermanentError";
    this.code = code;
  }
}

/**
 * A message that does not match its schema, or names nothing that could be marked failed:
 * only our own producers (and S3) write to our queues, so it means a producer and its schema
 * disagree. Its record fails on every receive until the queue's DLQ keeps it, with an alarm,
 * for a fix and a redrive; it is never acknowledged, because nothing about it was recorded.
 *
 * @example
 * throw new UnprocessableMessageError("body.receiptId: Required");
 */
export class UnprocessableMessageError extends ShoeboxError {
  constructor(issues: string, options?: ErrorOptions) {
    super(`invalid message: ${issues}`, options);
    this.name = "UnprocessableMessageError";
  }
}

/**
 * The input is not to blame: throttling, timeouts, a dependency that is down, a missing
 * permission. Its message is left for a later attempt and, after maxReceiveCount, kept by the DLQ.
 */
export class TransientError extends ShoeboxError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TransientError";
  }
}

/** Configuration missing or malformed: the container cannot serve anything. */
export class ConfigurationError extends ShoeboxError {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

/** An HTTP error whose message is safe to show the caller (4xx only). */
export class HttpError extends ShoeboxError {
  readonly expose = true;
  readonly statusCode: number;
  readonly details: unknown;
  /** Response headers the answer carries (e.g. Retry-After on a 429). */
  readonly headers: Record<string, string> = {};
  /** Fields the JSON answer carries beside `message` (e.g. which limit, and when it resets). */
  readonly fields: Record<string, unknown> = {};

  constructor(statusCode: number, message: string, details?: unknown) {
    super(message);
    this.name = "HttpError";
    this.statusCode = statusCode;
    this.details = details;
  }
}
