import { Readable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { isMissingObject, retryLater } from "./aws-errors.ts";
import { s3Client } from "./clients.ts";
import { PermanentError } from "./errors.ts";

/** One object of a versioned bucket: its key and, when the caller was told one, its version. */
export interface S3ObjectVersion {
  key: string;
  versionId?: string;
}

/** The object (or the version asked for) is not in the bucket: deleted before it was read. */
export class S3ObjectMissingError extends PermanentError {
  constructor(bucket: string, key: string, options?: ErrorOptions) {
    super(`s3://${bucket}/${key} is not in the bucket`, "OBJECT_MISSING", options);
    this.name = "S3ObjectMissingError";
  }
}

/** The object is larger than the caller takes; `bytes` is its size when S3 declared one. */
export class S3ObjectTooLargeError extends PermanentError {
  readonly bytes: number | undefined;
  readonly maxBytes: number;

  constructor(bytes: number | undefined, maxBytes: number) {
    const size = bytes === undefined ? "more bytes" : `${bytes} bytes, more`;
    super(`the object has ${size} than the ${maxBytes} allowed`, "TOO_LARGE");
    this.name = "S3ObjectTooLargeError";
    this.bytes = bytes;
    this.maxBytes = maxBytes;
  }
}

/**
 * Reads a body to its end, refusing it as soon as it passes `maxBytes`: a stream longer than
 * its Content-Length said is cut off there, never held whole.
 */
const readBounded = async (body: Readable, maxBytes: number): Promise<Uint8Array> => {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of body) {
    received += (chunk as Buffer).byteLength;
    if (received > maxBytes) {
      body.destroy();
      throw new S3ObjectTooLargeError(undefined, maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, received);
};

/**
 * Downloads one object whole, the very version named (a later upload to the same key cannot
 * slip in between the event that named it and the read), at most `maxBytes` of it: an object
 * over the limit is refused from its Content-Length, before a byte of the body is read, and
 * again while reading, so more than `maxBytes` is never held.
 *
 * Throws S3ObjectMissingError when the object or version is gone and S3ObjectTooLargeError over
 * the limit (both PermanentErrors: each caller says it in its own words); anything else S3 says
 * (throttling, 5xx, a timeout, a missing permission) is a TransientError, to be retried.
 *
 * Without s3:ListBucket on the bucket, S3 answers a missing key with AccessDenied rather than
 * NoSuchKey, which is then retried instead of refused.
 *
 * @example
 * const bytes = await readS3Object("shoebox-uploads", { key: "uploads/o/p", versionId: "v1" }, 25 << 20);
 */
export const readS3Object = async (
  bucket: string,
  version: S3ObjectVersion,
  maxBytes: number,
): Promise<Uint8Array> => (await readS3ObjectWithMetadata(bucket, version, maxBytes)).bytes;

/** An object's bytes and its user metadata (`x-amz-meta-*`, keys without the prefix, lower case). */
export interface S3ObjectContent {
  bytes: Uint8Array;
  metadata: Record<string, string>;
}

/**
 * readS3Object, with the object's user metadata from the same GetObject.
 *
 * @example
 * const { bytes, metadata } = await readS3ObjectWithMetadata("shoebox-uploads", { key, versionId }, 25 << 20);
 */
export const readS3ObjectWithMetadata = async (
  bucket: string,
  { key, versionId }: S3ObjectVersion,
  maxBytes: number,
): Promise<S3ObjectContent> => {
  const response = await s3Client()
    .send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))
    .catch((error: unknown) => {
      if (isMissingObject(error)) throw new S3ObjectMissingError(bucket, key, { cause: error });
      return retryLater(`reading s3://${bucket}/${key}`)(error);
    });
  const body = response.Body;
  if ((response.ContentLength ?? 0) > maxBytes) {
    // Close the connection instead of draining a body we will not use.
    if (body instanceof Readable) body.destroy();
    throw new S3ObjectTooLargeError(response.ContentLength, maxBytes);
  }
  const metadata = response.Metadata ?? {};
  if (!body) return { bytes: new Uint8Array(), metadata };
  // In Node the SDK's body is a stream; anything else (a web stream, a mock) is read through
  // its own helper and measured after.
  const bytes = await (body instanceof Readable
    ? readBounded(body, maxBytes)
    : body.transformToByteArray()
  ).catch((error: unknown) => {
    if (error instanceof S3ObjectTooLargeError) throw error;
    return retryLater(`reading the body of s3://${bucket}/${key}`)(error);
  });
  if (bytes.byteLength > maxBytes) throw new S3ObjectTooLargeError(bytes.byteLength, maxBytes);
  return { bytes, metadata };
};
