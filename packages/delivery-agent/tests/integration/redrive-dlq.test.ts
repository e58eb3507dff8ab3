import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { type MotoServer, startMoto, useLocalAws } from "@shoebox/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countMessages, createQueueWithDlq, receipt, runCommand } from "./helpers.ts";

let moto: MotoServer;
let sqs: SQSClient;

const fillDlq = async (dlqUrl: string, count: number) => {
  for (let start = 0; start < count; start += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: dlqUrl,
        Entries: Array.from({ length: Math.min(10, count - start) }, (_, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(receipt(start + index)),
          MessageAttributes: { failedBy: { DataType: "String", StringValue: "receipt-delivery" } },
        })),
      }),
    );
  }
};

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  sqs = new SQSClient({});
});

afterAll(async () => moto?.stop());

describe("scripts/redrive-dlq.mjs", () => {
  it("moves every DLQ message back to the queue with its attributes, even where StartMessageMoveTask fails", async () => {
    const { queueUrl, dlqUrl } = await createQueueWithDlq(sqs, "redrive-all");
    await fillDlq(dlqUrl, 25);

    const { code, output } = await runCommand(["scripts/redrive-dlq.mjs", "--queue", queueUrl]).done;

    expect(code).toBe(0);
    expect(output).toMatch(/StartMessageMoveTask refused/);
    expect(output).toMatch(/^redrive: 25 moved, 0 failed \(receive-send-delete/m);
    expect(await countMessages(sqs, dlqUrl)).toEqual({ visible: 0, inFlight: 0 });
    expect(await countMessages(sqs, queueUrl)).toEqual({ visible: 25, inFlight: 0 });
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 1,
        MessageAttributeNames: ["All"],
      }),
    );
    expect(Messages[0]?.MessageAttributes?.failedBy?.StringValue).toBe("receipt-delivery");
  });

  it("moves at most --max messages, and a dry run moves none", async () => {
    const { queueUrl, dlqUrl } = await createQueueWithDlq(sqs, "redrive-some");
    await fillDlq(dlqUrl, 12);

    const dryRun = await runCommand(["scripts/redrive-dlq.mjs", "--queue", queueUrl, "--dry-run"]).done;
    const some = await runCommand([
      "scripts/redrive-dlq.mjs",
      "--queue",
      queueUrl,
      "--dlq",
      dlqUrl,
      "--max",
      "5",
    ]).done;

    expect(dryRun.output).toMatch(/dry run, 12 message\(s\) would move/);
    expect(some.output).toMatch(/^redrive: 5 moved, 0 failed/m);
    expect((await countMessages(sqs, queueUrl)).visible).toBe(5);
    expect((await countMessages(sqs, dlqUrl)).visible).toBe(7);
  });
});
