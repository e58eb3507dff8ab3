import { spawn } from "node:child_process";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";

export const repoRoot = new URL("../../../../", import.meta.url).pathname;

/** A valid delivery message; `n` makes the receipt id unique. */
export { deliveryMessage as receipt } from "@shoebox/testing";

/**
 * A queue and its DLQ, as Terraform's queue module makes them (maxReceiveCount 5); with `fifo`,
 * as delivery_queue_fifo makes them: both FIFO, content-based deduplication on the queue.
 */
export const createQueueWithDlq = async (sqs: SQSClient, name: string, { fifo = false } = {}) => {
  const suffix = fifo ? ".fifo" : "";
  const { QueueUrl: dlqUrl = "" } = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}-dlq${suffix}`,
      Attributes: fifo ? { FifoQueue: "true" } : {},
    }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] }),
  );
  const { QueueUrl: queueUrl = "" } = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}${suffix}`,
      Attributes: {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: 5 }),
        ...(fifo ? { FifoQueue: "true", ContentBasedDeduplication: "true" } : {}),
      },
    }),
  );
  return { queueUrl, dlqUrl };
};

export const countMessages = async (sqs: SQSClient, queueUrl: string) => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible),
  };
};

/** Runs a command of the repository as an operator would, and collects what it printed. */
export const runCommand = (
  args: string[],
  options: { onOutput?: (text: string) => void; env?: NodeJS.ProcessEnv } = {},
) => {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    options.onOutput?.(output);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const done = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, output })),
  );
  return { child, done };
};
