import { TaskFailure } from "./errors.ts";

interface AwsSdkError {
  name?: string;
  message?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/**
 * An AWS SDK error as Step Functions names it: `<Service>.<Error>` with the `Exception` suffix
 * that Step Functions always adds (`DynamoDB.ConditionalCheckFailedException`,
 * `DynamoDb.TransactionCanceledException` for the aws-sdk integration), and a Cause in Step
 * Functions' format. An error that never reached the service (connection refused) becomes
 * `<Service>.SdkClientException`, as the Lambda integration calls it.
 *
 * @example
 * throw toTaskFailure("DynamoDB", error); // name "DynamoDB.ResourceNotFoundException"
 */
export const toTaskFailure = (service: string, error: unknown): TaskFailure => {
  const sdkError = (error ?? {}) as AwsSdkError;
  const message = sdkError.message ?? String(error);
  if (!sdkError.$fault || !sdkError.name) {
    return new TaskFailure(`${service}.SdkClientException`, `${message} (Service: ${service})`);
  }
  const name = sdkError.name.endsWith("Exception") ? sdkError.name : `${sdkError.name}Exception`;
  const status = sdkError.$metadata?.httpStatusCode ?? "unknown";
  const requestId = sdkError.$metadata?.requestId ?? "unknown";
  return new TaskFailure(
    `${service}.${name}`,
    `${message} (Service: ${service}, Status Code: ${status}, Request ID: ${requestId})`,
  );
};
