/**
 * The one base class of shoebox errors. Subclasses say how a failure is handled:
 * a PermanentError is recorded and never retried; a TransientError is retried.
 */
export class ShoeboxError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ShoeboxError";
  }
}

/** Bad input that no retry can fix: record it as failed, with its reason, and move on. */
export class PermanentError extends ShoeboxError {
  readonly code: string;

  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PermanentError";
    this.code = code;
  }
}

/** Throttling, timeouts, a dependency that is down: leave the message for a later attempt. */
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
