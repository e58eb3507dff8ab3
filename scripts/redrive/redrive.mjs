/*
 * Moves the messages of a DLQ back to their source queue, once the cause of their failure is
 * fixed. First with SQS's own move task (StartMessageMoveTask); where that is refused (no
 * permission, or an emulator: moto answers 500) by hand: receive, send to the source queue,
 * and delete from the DLQ only what the send accepted. A message is therefore never lost; a
 * crash between a send and its delete leaves it in both queues, and the consumer's idempotent
 * write (ON CONFLICT on the receipt id) makes the second delivery a no-op.
 */
import { setTimeout as sleep } from "node:timers/promises";

const queueNameOf = (arn) => {
  const [, , , , account, name] = arn.split(":");
  return { QueueName: name, QueueOwnerAWSAccountId: account };
};

const attributesOf = async (sdk, sqs, queueUrl, names) =>
  (await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: names })))
    .Attributes ?? {};

/** The DLQ of a queue, from its redrive policy. */
export const deadLetterQueueOf = async (sdk, sqs, queueUrl) => {
  const { RedrivePolicy } = await attributesOf(sdk, sqs, queueUrl, ["RedrivePolicy"]);
  if (!RedrivePolicy) throw new Error(`${queueUrl} has no redrive policy: name the DLQ with --dlq`);
  const { deadLetterTargetArn } = JSON.parse(RedrivePolicy);
  const { QueueUrl } = await sqs.send(new sdk.GetQueueUrlCommand(queueNameOf(deadLetterTargetArn)));
  return QueueUrl;
};

/** Message attributes as SendMessage takes them back (ReceiveMessage adds empty list fields). */
const sendableAttributes = (attributes) =>
  attributes &&
  Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      {
        DataType: value.DataType,
        ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
        ...(value.BinaryValue !== undefined ? { BinaryValue: value.BinaryValue } : {}),
      },
    ]),
  );

/** SQS's move task: returns the number moved, or undefined when the service refuses the task. */
const moveWithTask = async ({ sdk, sqs, dlqArn, queueArn, log }) => {
  let taskHandle;
  try {
    ({ TaskHandle: taskHandle } = await sqs.send(
      new sdk.StartMessageMoveTaskCommand({ SourceArn: dlqArn, DestinationArn: queueArn }),
    ));
  } catch (error) {
    log(
      `redrive: StartMessageMoveTask refused (${error.name}: ${error.message}); moving by receive, send and delete`,
    );
    return undefined;
  }
  log(`redrive: move task ${taskHandle} started`);
  for (;;) {
    await sleep(2000);
    const { Results = [] } = await sqs.send(
      new sdk.ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 1 }),
    );
    const task = Results.find((result) => result.TaskHandle === taskHandle) ?? Results[0];
    const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
    log(
      `redrive: ${task?.Status ?? "UNKNOWN"}, ${moved} moved of ~${task?.ApproximateNumberOfMessagesToMove ?? "?"}`,
    );
    if (task?.Status === "COMPLETED") return moved;
    if (task?.Status === "FAILED" || task?.Status === "CANCELLED") {
      throw new Error(
        `the move task ended ${task.Status}: ${task.FailureReason ?? "no reason given"} (${moved} moved)`,
      );
    }
  }
};

/** By hand, ten at a time: a message leaves the DLQ only after the source queue accepted it. */
const moveByHand = async ({ sdk, sqs, dlqUrl, queueUrl, max, log }) => {
  const fifo = queueUrl.endsWith(".fifo");
  let moved = 0;
  let failed = 0;
  let emptyReceives = 0;
  while (moved < max && emptyReceives < 2) {
    const { Messages = [] } = await sqs.send(
      new sdk.ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: Math.min(10, max - moved),
        WaitTimeSeconds: 1,
        // Long enough to send and delete; a message not deleted reappears in the DLQ afterwards.
        VisibilityTimeout: 120,
        MessageAttributeNames: ["All"],
        MessageSystemAttributeNames: ["MessageGroupId"],
      }),
    );
    if (Messages.length === 0) {
      emptyReceives++; // SQS samples its servers: one empty answer does not prove an empty queue
      continue;
    }
    emptyReceives = 0;
    const byId = new Map(Messages.map((message, index) => [String(index), message]));
    const sent = await sqs.send(
      new sdk.SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [...byId].map(([id, message]) => ({
          Id: id,
          MessageBody: message.Body,
          MessageAttributes: sendableAttributes(message.MessageAttributes),
          ...(fifo
            ? {
                MessageGroupId: message.Attributes?.MessageGroupId,
                // A fresh id: within 5 minutes of the original send, the original id would make
                // SQS drop the copy as a duplicate, and the message would then be deleted here.
                MessageDeduplicationId: `redrive-${message.MessageId}-${Date.now()}`,
              }
            : {}),
        })),
      }),
    );
    const accepted = (sent.Successful ?? []).map((entry) => byId.get(entry.Id));
    failed += sent.Failed?.length ?? 0;
    for (const failure of sent.Failed ?? [])
      log(`redrive: not sent, stays in the DLQ: ${failure.Code} ${failure.Message ?? ""}`);
    if (accepted.length) {
      const deleted = await sqs.send(
        new sdk.DeleteMessageBatchCommand({
          QueueUrl: dlqUrl,
          Entries: accepted.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
      for (const failure of deleted.Failed ?? []) {
        log(
          `redrive: sent but not deleted from the DLQ (it will be delivered twice, harmlessly): ${failure.Code}`,
        );
      }
    }
    moved += accepted.length;
    log(`redrive: ${moved} moved${failed ? `, ${failed} failed to send` : ""}`);
  }
  return { moved, failed };
};

/**
 * Moves up to `max` messages from `dlqUrl` (default: the DLQ of `queueUrl`'s redrive policy)
 * back to `queueUrl`. With `dryRun`, only says how many are waiting.
 *
 * @example
 * const { moved } = await redrive({ sdk, sqs, queueUrl, log: console.log });
 */
export const redrive = async ({
  sdk,
  sqs,
  queueUrl,
  dlqUrl,
  max = Number.POSITIVE_INFINITY,
  dryRun = false,
  log,
}) => {
  const deadLetters = dlqUrl ?? (await deadLetterQueueOf(sdk, sqs, queueUrl));
  const [{ QueueArn: queueArn }, { QueueArn: dlqArn, ApproximateNumberOfMessages: waiting }] =
    await Promise.all([
      attributesOf(sdk, sqs, queueUrl, ["QueueArn"]),
      attributesOf(sdk, sqs, deadLetters, ["QueueArn", "ApproximateNumberOfMessages"]),
    ]);
  log(`redrive: ${deadLetters} -> ${queueUrl}: about ${waiting} message(s) waiting`);
  if (dryRun) return { moved: 0, failed: 0, waiting: Number(waiting), method: "dry-run" };
  if (!Number.isFinite(max)) {
    const moved = await moveWithTask({ sdk, sqs, dlqArn, queueArn, log });
    if (moved !== undefined) return { moved, failed: 0, waiting: Number(waiting), method: "move-task" };
  }
  const { moved, failed } = await moveByHand({ sdk, sqs, dlqUrl: deadLetters, queueUrl, max, log });
  return { moved, failed, waiting: Number(waiting), method: "receive-send-delete" };
};
