import { GetBucketNotificationConfigurationCommand, type S3Client } from "@aws-sdk/client-s3";
import type { RuntimeConfig } from "../runtime-config.ts";
import { partitionOf } from "./account-model.ts";
import type { Denial } from "./authorizer.ts";
import type { IamGate } from "./iam-gate.ts";
import { queueDeliveryChecks } from "./request-checks.ts";

/*
 * The emulator delivers S3 event notifications and SNS messages into queues itself, with no
 * permission check; on AWS each delivery needs the queue's policy and the queue key's policy to
 * allow the service for that source. The gate checks each declared delivery once, at start-up:
 * a refused one would lose every event on AWS without an error anywhere.
 */
export const checkServiceDeliveries = async (
  gate: IamGate,
  config: RuntimeConfig,
  /** The emulator's administrator, to read each bucket's notification configuration. */
  s3: S3Client,
): Promise<Denial[]> => {
  const denials: Denial[] = [];
  const partition = partitionOf(config.region);
  const check = async (service: string, sourceArn: string, queueArn: string) => {
    const denial = await gate.authorizeService(
      { label: `${service} delivery`, principal: `${service}.amazonaws.com` },
      (model) => queueDeliveryChecks(model, queueArn.split(":").pop() ?? "", { arn: sourceArn, service }),
    );
    if (denial) denials.push(denial);
  };

  for (const bucket of Object.values(config.buckets)) {
    const notifications = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    for (const target of notifications.QueueConfigurations ?? [])
      if (target.QueueArn) await check("s3", `arn:${partition}:s3:::${bucket}`, target.QueueArn);
  }
  for (const subscription of Object.values(config.subscriptions))
    await check("sns", subscription.topic_arn, subscription.queue_arn);
  return denials;
};
