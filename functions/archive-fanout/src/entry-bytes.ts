import type { Readable } from "node:stream";
import { TransientError } from "@shoebox/runtime";
import {
  ACCEPTED_TYPES,
  type AcceptedContentType,
  CONTENT_SNIFF_BYTES,
  sniffContentType,
} from "@shoebox/schemas";
import type { Refusal } from "./entry-vetting.ts";
import { ArchiveUnreadableError } from "./errors.ts";

/** "jpeg, png, ... or pdf": the formats an entry's bytes may be, for the refusal's reason. */
const ACCEPTED_FORMATS = ((formats) => `${formats.slice(0, -1).join(", ")} or ${formats.at(-1)}`)(
  ACCEPTED_TYPES.map((type) => type.sharpFormat),
);

/**
 * One reusable buffer for the entries of an archive, read one after another: memory stays at
 * the largest entry read so far (at most MAX_ENTRY_BYTES), instead of waiting for the garbage
 * collector to notice every entry-sized Buffer left behind. It grows by doubling, up to `capacity`.
 */
export class EntryBuffer {
  private buffer = Buffer.alloc(0);
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** `size` bytes of the buffer; valid until the next call. */
  take(size: number): Buffer {
    if (size > this.buffer.length) {
      this.buffer = Buffer.allocUnsafe(Math.max(size, Math.min(this.capacity, 2 * this.buffer.length)));
    }
    return this.buffer.subarray(0, size);
  }
}

export type EntryRead =
  | { accepted: true; bytes: Buffer; contentType: AcceptedContentType }
  | { accepted: false; refusal: Refusal; inflatedBytes: number };

/**
 * Reads an entry's inflated stream into `buffer`, up to its declared size, which header vetting
 * has held to every limit: the stream is destroyed (the S3 read and the inflate stop) at the
 * first chunk that goes beyond it, and as soon as the first bytes show it is no image. So an
 * entry never holds more memory than MAX_ENTRY_BYTES, whatever its header says.
 *
 * Failures of the S3 read (TransientError, ArchiveUnreadableError) are thrown; anything else
 * the stream raises (an invalid deflate stream, a bad local header) refuses this entry alone.
 *
 * @example
 * const read = await readEntryBytes(await zipfile.openReadStreamPromise(entry), entry.uncompressedSize, buffer);
 * // read.bytes is valid until the buffer's next use
 */
export const readEntryBytes = async (
  stream: Readable,
  declaredBytes: number,
  buffer: EntryBuffer = new EntryBuffer(declaredBytes),
): Promise<EntryRead> => {
  const bytes = buffer.take(declaredBytes);
  let filled = 0;
  let contentType: AcceptedContentType | undefined;
  const refuse = (refusal: Refusal, inflatedBytes = filled): EntryRead => {
    stream.destroy();
    return { accepted: false, refusal, inflatedBytes };
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (filled + chunk.length > declaredBytes) {
        return refuse(
          {
            code: "SIZE_MISMATCH",
            reason: `its header declares ${declaredBytes} bytes, but it inflates to more; stopped at ${filled + chunk.length}`,
          },
          filled + chunk.length,
        );
      }
      chunk.copy(bytes, filled);
      filled += chunk.length;
      if (contentType === undefined && filled >= Math.min(CONTENT_SNIFF_BYTES, declaredBytes)) {
        contentType = sniffContentType(bytes.subarray(0, filled));
        if (!contentType) {
          return refuse({
            code: "NOT_AN_IMAGE",
            reason: `its bytes are not ${ACCEPTED_FORMATS}, whatever its name says`,
          });
        }
      }
    }
  } catch (error) {
    if (error instanceof TransientError || error instanceof ArchiveUnreadableError) throw error;
    return refuse({
      code: "CORRUPT_ENTRY",
      reason: `its data cannot be read (${error instanceof Error ? error.message : String(error)})`,
    });
  }
  if (filled < declaredBytes || !contentType) {
    return refuse({
      code: "SIZE_MISMATCH",
      reason: `its header declares ${declaredBytes} bytes, but it inflates to only ${filled}`,
    });
  }
  return { accepted: true, bytes, contentType };
};
