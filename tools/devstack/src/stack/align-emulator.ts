import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { emulatorAdmin } from "../emulator-admin.ts";
import { checkServiceDeliveries } from "../iam/service-deliveries.ts";
import { checkSubscriptions, removeConditionalDenies } from "../moto-gaps.ts";
import type { StackContext } from "./stack-context.ts";

/**
 * After the apply: the bucket policies in moto lose the conditional denies moto cannot evaluate
 * (the gate already holds Terraform's, so start it first), moto's subscriptions are compared with
 * Terraform's, and the gate checks each S3 and SNS delivery into a queue as AWS would.
 */
export const alignEmulatorWithAws = async (context: StackContext, motoEndpoint: string): Promise<void> => {
  const { config, principals, log } = context;
  const admin = emulatorAdmin(motoEndpoint, config.region);
  const s3 = new S3Client({ ...admin, forcePathStyle: true });
  const sns = new SNSClient(admin);
  let refusedDeliveries: Awaited<ReturnType<typeof checkServiceDeliveries>>;
  try {
    for (const change of await removeConditionalDenies(s3, Object.values(config.buckets))) {
      log.info(
        "moto",
        `bucket ${change.bucket}: removed conditional Deny ${change.removed.join(", ")} from its policy (moto enforces it without evaluating the condition)`,
      );
    }
    for (const { key, problem } of await checkSubscriptions(sns, config.subscriptions))
      log.warn("moto", `subscription ${key}: ${problem}`);
    log.debug("moto", `subscriptions checked: ${Object.keys(config.subscriptions).join(", ") || "none"}`);
    refusedDeliveries = await checkServiceDeliveries(principals.gate, config, s3);
  } finally {
    s3.destroy();
    sns.destroy();
  }
  log.info(
    "iam",
    refusedDeliveries.length === 0
      ? "S3 notifications and SNS subscriptions into encrypted queues: allowed by the queue and key policies"
      : `${refusedDeliveries.length} service deliveries into queues would be refused on AWS (DENIED above)`,
  );
};
