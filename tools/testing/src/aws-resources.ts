import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

/*
 * The few resources a package's integration tests need on the moto server, with the same
 * key schemas Terraform declares (terraform/tables.tf); the full stack is provisioned from
 * Terraform itself by @shoebox/devstack.
 */

export const createBucket = async (name: string): Promise<void> => {
  await new S3Client({ forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: name }));
};

/** An on-demand table keyed by a string hash key and a string range key (default client: from the environment). */
export const createKeyedTable = async (
  name: string,
  hashKey: string,
  rangeKey: string,
  dynamodb: DynamoDBClient = new DynamoDBClient({}),
): Promise<void> => {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: hashKey, AttributeType: "S" },
        { AttributeName: rangeKey, AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: hashKey, KeyType: "HASH" },
        { AttributeName: rangeKey, KeyType: "RANGE" },
      ],
    }),
  );
};

/** Table `photos`: ownerId + photoId (a ULID: sorts by time). */
export const createPhotosTable = (name: string) => createKeyedTable(name, "ownerId", "photoId");

/** Table `batches`: ownerId + batchId, one item of counters per upload batch. */
export const createBatchesTable = (name: string) => createKeyedTable(name, "ownerId", "batchId");

/** Table `ingest-events`: ownerId + eventId, so callers never collide on ids. */
/** Table `limits`: ownerId + window, the per-user limit counters. */
export const createLimitsTable = (name: string) => createKeyedTable(name, "ownerId", "window");

export const createIngestEventsTable = (name: string) => createKeyedTable(name, "ownerId", "eventId");
