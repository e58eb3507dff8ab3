import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
} from "@aws-sdk/client-sns";
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { emulatorAdmin } from "../emulator-admin.ts";
import type { EventsLog } from "../events-log.ts";
import type { RuntimeConfig } from "../runtime-config.ts";
import { subscribeCaptureQueue } from "./topic-capture.ts";

/*
 * Email, locally. moto records SNS email subscriptions and sends nothing; the outbox stands in for
 * the mail server: for every email subscription Terraform made (notification_emails,
 * review_escalation_emails) it subscribes a queue with the same filter policy, so it receives
 * exactly what that address would, and writes each message as one JSON line of a file, which a
 * person tails and a test reads.
 */

/** One email SNS would have sent: to whom, the subject line SNS uses, and the message as published. */
export interface CapturedMail {
  to: string;
  subject: string;
  eventType: string | undefined;
  message: string;
  receivedAt: string;
}

export interface MailOutbox {
  /** Where each captured email is appended as a JSON line. */
  file: string;
  /** The emails captured so far, to an address or all. */
  mail(to?: string): CapturedMail[];
  stop(): Promise<void>;
}

interface Mailbox {
  to: string;
  queueUrl: string;
}

/** The subject SNS gives an email without one: the topic's display name or a fixed text. */
const DEFAULT_SUBJECT = "AWS Notification Message";

const emailSubscriptions = async (sns: SNSClient, topicArn: string) => {
  const found: { address: string; filterPolicy?: string }[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }));
    for (const subscription of page.Subscriptions ?? []) {
      if (!subscription.Protocol?.startsWith("email") || !subscription.Endpoint) continue;
      const { Attributes } = await sns.send(
        new GetSubscriptionAttributesCommand({ SubscriptionArn: subscription.SubscriptionArn }),
      );
      found.push({ address: subscription.Endpoint, filterPolicy: Attributes?.FilterPolicy });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return found;
};

/**
 * Starts capturing the email of every topic's email subscriptions into `file`.
 *
 * @example
 * const outbox = await startMailOutbox({ config, motoEndpoint, file: ".local/mail/outbox.jsonl", log });
 * outbox.mail("bob@example.com"); // [{ to, subject, eventType: "review.requested", message, … }]
 */
export const startMailOutbox = async (options: {
  config: RuntimeConfig;
  motoEndpoint: string;
  file: string;
  log: EventsLog;
}): Promise<MailOutbox> => {
  const { config, file, log } = options;
  const admin = emulatorAdmin(options.motoEndpoint, config.region);
  const sns = new SNSClient(admin);
  const sqs = new SQSClient(admin);
  const mailboxes: Mailbox[] = [];
  for (const topicArn of Object.values(config.topics)) {
    for (const [index, { address, filterPolicy }] of (await emailSubscriptions(sns, topicArn)).entries()) {
      const queueUrl = await subscribeCaptureQueue(
        { sqs, sns },
        {
          name: `devstack-mail-${topicArn.split(":").pop()}-${index}`,
          region: config.region,
          topicArn,
          raw: true,
          ...(filterPolicy ? { filterPolicy } : {}),
        },
      );
      if (queueUrl) mailboxes.push({ to: address, queueUrl });
    }
  }
  const captured: CapturedMail[] = [];
  mkdirSync(dirname(file), { recursive: true });
  if (mailboxes.length > 0)
    log.info("mail", `email for ${mailboxes.map((box) => box.to).join(", ")} is written to ${file}`);

  const controller = new AbortController();
  const drain = async (box: Mailbox) => {
    while (!controller.signal.aborted) {
      const { Messages = [] } = await sqs
        .send(
          new ReceiveMessageCommand({ QueueUrl: box.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
          { abortSignal: controller.signal },
        )
        .catch(() => ({ Messages: [] }));
      for (const message of Messages) {
        const body = message.Body ?? "";
        let eventType: string | undefined;
        try {
          eventType = (JSON.parse(body) as { eventType?: string }).eventType;
        } catch {
          eventType = undefined;
        }
        const mail = {
          to: box.to,
          subject: DEFAULT_SUBJECT,
          eventType,
          message: body,
          receivedAt: new Date().toISOString(),
        };
        captured.push(mail);
        appendFileSync(file, `${JSON.stringify(mail)}\n`);
        log.info("mail", `to ${box.to}: ${eventType ?? "a message"}`);
      }
      if (Messages.length > 0) {
        await sqs
          .send(
            new DeleteMessageBatchCommand({
              QueueUrl: box.queueUrl,
              Entries: Messages.map(({ ReceiptHandle }, id) => ({ Id: String(id), ReceiptHandle })),
            }),
          )
          .catch(() => undefined);
      }
    }
  };
  const loops = mailboxes.map(drain);

  return {
    file,
    mail: (to) => captured.filter((mail) => to === undefined || mail.to === to),
    stop: async () => {
      controller.abort();
      await Promise.allSettled(loops);
      sns.destroy();
      sqs.destroy();
    },
  };
};
