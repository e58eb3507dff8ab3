import { TransientError } from "./errors.ts";

/*
 * Tests on the errors the AWS SDK throws, by name: the SDK's classes differ between clients
 * (and between a bundle's copies of them), the names do not.
 */

const nameOf = (error: unknown): string | undefined =>
  error instanceof Error ? error.name : (error as { name?: string } | undefined)?.name;

/** DynamoDB refused a write because its condition did not hold. */
export const isConditionalCheckFailed = (error: unknown): boolean =>
  nameOf(error) === "ConditionalCheckFailedException";

/** A DynamoDB transaction was cancelled because one of its conditions did not hold. */
export const isTransactionConditionFailed = (error: unknown): boolean =>
  nameOf(error) === "TransactionCanceledException" &&
  ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some(
    (reason) => reason.Code === "ConditionalCheckFailed",
  );

/**
 * S3 has no object under the key (GetObject says NoSuchKey, HeadObject says NotFound), or not
 * the version asked for (NoSuchVersion).
 */
export const isMissingObject = (error: unknown): boolean =>
  ["NoSuchKey", "NotFound", "NoSuchVersion"].includes(nameOf(error) ?? "");

/** An If-Match on S3 did not hold: the object was replaced. */
export const isPreconditionFailed = (error: unknown): boolean =>
  nameOf(error) === "PreconditionFailed" ||
  (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode === 412;

/**
 * Wraps a failed AWS call so its record goes back to the queue. Throttling, 5xx and timeouts
 * are the usual causes; an unexpected 4xx (a missing permission, a deleted table) is retried
 * too, on purpose: the input is not to blame, and the DLQ keeps the message until it is fixed.
 *
 * @example
 * await s3Client().send(command).catch(retryLater("storing a thumbnail"));
 */
export const retryLater =
  (action: string) =>
  (error: unknown): never => {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new TransientError(`${action} failed (${reason})`, { cause: error });
  };
