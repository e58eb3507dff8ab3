import { PermanentError } from "@shoebox/runtime";

/**
 * The archive as a whole cannot be read (not a zip, a damaged central directory, replaced
 * while it was processed) or must not be (entries that share bytes or lie past the central
 * directory): recorded as FAILED on the batch, and the message is deleted.
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
