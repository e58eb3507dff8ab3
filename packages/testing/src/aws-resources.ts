import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

/*
 * The few resources a package's integration tests need on the moto server, with the same
 * key schemas Terraform declares (terraform/main.tf); the full stack is provisioned from
 * Terraform itself by @shoebox/devstack.
 */

export const createBucket = async (name: string): Promise<void> => {
  await new S3Client({ forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: name }));
};

/** Table `photos`: ownerId (hash) + photoId (range, a ULID: sorts by time). */
export const createPhotosTable = async (name: string): Promise<void> => {
  await new DynamoDBClient({}).send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "ownerId", AttributeType: "S" },
        { AttributeName: "photoId", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "ownerId", KeyType: "HASH" },
        { AttributeName: "photoId", KeyType: "RANGE" },
      ],
    }),
  );
};

/** Table `ingest-events`: ownerId (hash) + eventId (range), so callers never collide on ids. */
export const createIngestEventsTable = async (name: string): Promise<void> => {
  await new DynamoDBClient({}).send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "ownerId", AttributeType: "S" },
        { AttributeName: "eventId", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "ownerId", KeyType: "HASH" },
        { AttributeName: "eventId", KeyType: "RANGE" },
      ],
    }),
  );
};
