import { PermanentError } from "@shoebox/runtime";
import type { ArchiveRefusalCode } from "@shoebox/schemas";

/**
 * The archive as a whole cannot be read (not a zip, a damaged central directory, replaced
 * while it was processed): recorded as FAILED on the batch, and the message is deleted.
 *
 * @example
 * throw new ArchiveUnreadableError("not a zip archive: End of central directory record signature not found");
 */
export class ArchiveUnreadableError extends PermanentError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, "ARCHIVE_UNREADABLE", options);
    this.name = "ArchiveUnreadableError";
  }
}

/**
 * One entry is refused; the others go on. Its code and message are listed on the batch.
 *
 * @example
 * throw new EntryRefusedError("ZIP_BOMB", "inflates 1032 times its compressed size");
 */
export class EntryRefusedError extends PermanentError {
  constructor(
    override readonly code: ArchiveRefusalCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, code, options);
    this.name = "EntryRefusedError";
  }
}
