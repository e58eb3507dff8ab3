import { TransientError } from "@shoebox/runtime";

/*
 * The same few AWS error tests as functions/thumbnail/src/aws-errors.ts (plus PreconditionFailed):
 * they belong in @shoebox/runtime, where both functions can import them.
 */

const nameOf = (error: unknown): string | undefined =>
  error instanceof Error ? error.name : (error as { name?: string } | undefined)?.name;

/** DynamoDB refused a write because its condition did not hold. */
export const isConditionalCheckFailed = (error: unknown): boolean =>
  nameOf(error) === "ConditionalCheckFailedException";

/** S3 has no object under the key (GetObject says NoSuchKey, HeadObject says NotFound). */
export const isMissingObject = (error: unknown): boolean =>
  ["NoSuchKey", "NotFound"].includes(nameOf(error) ?? "");

/** An If-Match on S3 did not hold: the object was replaced. */
export const isPreconditionFailed = (error: unknown): boolean =>
  nameOf(error) === "PreconditionFailed" ||
  (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode === 412;

/**
 * Wraps a failed AWS call so its record goes back to the queue.
 *
 * @example
 * await s3Client().send(command).catch(retryLater("storing an entry"));
 */
export const retryLater =
  (action: string) =>
  (error: unknown): never => {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new TransientError(`${action} failed (${reason})`, { cause: error });
  };
