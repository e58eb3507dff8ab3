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
  constructor(
    message: string,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "PermanentError";
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
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "HttpError";
  }
}
