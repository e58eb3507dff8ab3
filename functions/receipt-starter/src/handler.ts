import { dynamoDocumentClient, sfnClient, sqsBatchHandler } from "@shoebox/runtime";
import { PhotoProcessedRecordSchema } from "@shoebox/schemas";
import { loadReceiptStarterConfig } from "./config.ts";
import { startReceiptWorkflow } from "./start-workflow.ts";

const config = loadReceiptStarterConfig();

/**
 * Consumes the receipt-starter queue (SNS raw message delivery from the events topic, filtered to
 * photo.processed receipts). A record that does not parse goes to the DLQ after maxReceiveCount.
 */
export const handler = sqsBatchHandler({ record: PhotoProcessedRecordSchema }, async (record) => {
  await startReceiptWorkflow({ dynamo: dynamoDocumentClient(), sfn: sfnClient() }, config, record.body);
});
