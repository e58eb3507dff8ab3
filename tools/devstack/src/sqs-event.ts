import type { Message, MessageAttributeValue } from "@aws-sdk/client-sqs";

/** Lambda's form of one SQS message attribute: lowerCamel keys, binary values in base64. */
const toLambdaAttribute = (value: MessageAttributeValue) => ({
  stringValue: value.StringValue ?? null,
  binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString("base64") : null,
  stringListValues: value.StringListValues ?? [],
  binaryListValues: (value.BinaryListValues ?? []).map((item) => Buffer.from(item).toString("base64")),
  dataType: value.DataType ?? "String",
});

/** The event an SQS event source mapping hands the function, built from ReceiveMessage results. */
export const buildSqsEvent = (messages: Message[], queueArn: string, region: string) => ({
  Records: messages.map((message) => {
    const attributes: Record<string, string> = { ...(message.Attributes ?? {}) } as Record<string, string>;
    attributes.ApproximateReceiveCount ??= "1";
    attributes.SentTimestamp ??= String(Date.now());
    attributes.SenderId ??= "AIDAIT2UOQQY3AUEKVGXU";
    attributes.ApproximateFirstReceiveTimestamp ??= String(Date.now());
    const messageAttributes = Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        toLambdaAttribute(value),
      ]),
    );
    return {
      messageId: message.MessageId ?? "",
      receiptHandle: message.ReceiptHandle ?? "",
      body: message.Body ?? "",
      attributes,
      messageAttributes,
      md5OfBody: message.MD5OfBody ?? "",
      ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
      eventSource: "aws:sqs",
      eventSourceARN: queueArn,
      awsRegion: region,
    };
  }),
});

export type SqsEvent = ReturnType<typeof buildSqsEvent>;

export type BatchOutcome =
  | { kind: "success"; succeeded: string[]; failed: string[] }
  | { kind: "invalid-response"; reason: string }
  | { kind: "error"; reason: string };

/**
 * Which messages to delete after an invocation, as Lambda's SQS poller decides: with
 * ReportBatchItemFailures all but the reported ones (an unknown or empty itemIdentifier fails
 * the whole batch); without it all of them; a function error keeps them all.
 */
export const settleBatch = (
  messageIds: string[],
  invocation:
    | { ok: true; result: unknown }
    | { ok: false; error: { errorType: string; errorMessage: string } },
  reportBatchItemFailures: boolean,
): BatchOutcome => {
  if (!invocation.ok)
    return { kind: "error", reason: `${invocation.error.errorType}: ${invocation.error.errorMessage}` };
  if (!reportBatchItemFailures) return { kind: "success", succeeded: messageIds, failed: [] };
  const result = invocation.result as { batchItemFailures?: unknown } | null | undefined;
  if (
    result === null ||
    result === undefined ||
    typeof result !== "object" ||
    result.batchItemFailures === undefined ||
    result.batchItemFailures === null
  ) {
    return { kind: "success", succeeded: messageIds, failed: [] };
  }
  if (!Array.isArray(result.batchItemFailures))
    return { kind: "invalid-response", reason: "batchItemFailures is not a list" };
  const failed = new Set<string>();
  for (const item of result.batchItemFailures as Array<{ itemIdentifier?: unknown }>) {
    const id = item?.itemIdentifier;
    if (typeof id !== "string" || id === "" || !messageIds.includes(id)) {
      return {
        kind: "invalid-response",
        reason: `batchItemFailures names ${JSON.stringify(id)}, which is not a message of the batch`,
      };
    }
    failed.add(id);
  }
  return { kind: "success", succeeded: messageIds.filter((id) => !failed.has(id)), failed: [...failed] };
};
