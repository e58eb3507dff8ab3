import { PermanentError } from "@shoebox/runtime";
import type { FailureCode } from "@shoebox/schemas";

/**
 * The upload cannot become thumbnails, and no retry will change that: it is recorded as
 * FAILED with this code and a reason a person can read, and its message is deleted.
 *
 * @example
 * throw new ImageRejectedError("EMPTY_FILE", "the upload has no bytes");
 */
export class ImageRejectedError extends PermanentError {
  declare readonly code: FailureCode;

  constructor(code: FailureCode, message: string, options?: ErrorOptions) {
    super(message, code, options);
    this.name = "ImageRejectedError";
  }
}
