import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { countMetric, logger, TransientError } from "@shoebox/runtime";
import { PhotoItemSchema, type PhotoProcessedMessage } from "@shoebox/schemas";
import type { ReceiptStarterConfig } from "./config.ts";
import { workflowInput } from "./workflow-input.ts";

export interface StarterClients {
  dynamo: DynamoDBDocumentClient;
  sfn: SFNClient;
}

export type StartResult = "started" | "already-started" | "skipped";

/**
 * Starts the receipt workflow for one processed receipt, once. The execution is named after the
 * photo: a second StartExecution with that name (a redelivered message, a replay from the DLQ)
 * is answered with the first execution or with ExecutionAlreadyExists, and both mean "already
 * started". AWS failures become TransientErrors, so the record returns to the queue.
 *
 * @example
 * await startReceiptWorkflow(clients, config, message); // "started"
 */
export const startReceiptWorkflow = async (
  clients: StarterClients,
  config: ReceiptStarterConfig,
  message: PhotoProcessedMessage,
): Promise<StartResult> => {
  const photo = { ownerId: message.ownerId, photoId: message.photoId };
  if (message.kind !== "receipt") {
    logger.warn("not a receipt: the subscription's filter policy should have kept it away", photo);
    return "skipped";
  }

  const { Item } = await clients.dynamo
    .send(new GetCommand({ TableName: config.photosTable, Key: photo, ConsistentRead: true }))
    .catch((error: unknown) => {
      throw new TransientError(`reading photo ${photo.ownerId}/${photo.photoId}`, { cause: error });
    });
  if (!Item) {
    // The thumbnail function writes the item before it announces it, so only a deletion gets here.
    logger.warn("the photo is gone; there is no receipt left to process", photo);
    return "skipped";
  }

  try {
    await clients.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: config.receiptWorkflowArn,
        name: message.photoId,
        input: JSON.stringify(workflowInput(message, PhotoItemSchema.parse(Item))),
      }),
    );
    // Step Functions answers a redelivery with the running execution, and it is counted again:
    // rare, and AWS/States ExecutionsStarted on the state machine is the exact count.
    countMetric("ReceiptsStarted");
    logger.info("receipt workflow started", photo);
    return "started";
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) {
      logger.info("receipt workflow already started for this photo", photo);
      return "already-started";
    }
    throw new TransientError(`starting the receipt workflow for ${photo.ownerId}/${photo.photoId}`, {
      cause: error,
    });
  }
};
