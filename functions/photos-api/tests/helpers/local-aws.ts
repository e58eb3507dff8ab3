import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutBucketVersioningCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateStateMachineCommand, SFNClient } from "@aws-sdk/client-sfn";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ownerIdFromClaims } from "@shoebox/runtime";
import { type PhotoItem, uploadKey } from "@shoebox/schemas";
import {
  createBatchesTable,
  createBucket,
  createLimitsTable,
  createPhotosTable,
  fixtureIssuer,
  httpEvent,
  lambdaContext,
  type MotoServer,
  startMoto,
  useLocalAws,
} from "@shoebox/testing";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/*
 * photos-api against a moto server: its tables, its two buckets versioned as Terraform makes
 * them, and a receipt workflow whose executions moto records without running (RUNNING until
 * stopped), all named in the function's environment before the handler is imported.
 */

export const RESOURCES = {
  uploadsBucket: "shoebox-test-uploads",
  thumbnailsBucket: "shoebox-test-thumbnails",
  photosTable: "shoebox-test-photos",
  batchesTable: "shoebox-test-batches",
  limitsTable: "shoebox-test-limits",
};

export const THUMBNAIL_SIZES = "small:160,medium:640";

export type Call = (options: Parameters<typeof httpEvent>[0]) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LocalPhotosApi {
  moto: MotoServer;
  workflowArn: string;
  call: Call;
}

/**
 * Starts moto, creates the resources and imports the handler with `env` on top of the defaults.
 *
 * @example
 * const api = await startPhotosApi({ USER_REQUESTS_PER_SECOND: "0" });
 * await api.call({ method: "GET", route: "/photos", subject: "alice" });
 */
export const startPhotosApi = async (env: Record<string, string> = {}): Promise<LocalPhotosApi> => {
  const moto = await startMoto();
  useLocalAws(moto.endpoint);
  const s3 = new S3Client({ forcePathStyle: true });
  for (const bucket of [RESOURCES.uploadsBucket, RESOURCES.thumbnailsBucket]) {
    await createBucket(bucket);
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
    );
  }
  await createPhotosTable(RESOURCES.photosTable);
  await createBatchesTable(RESOURCES.batchesTable);
  await createLimitsTable(RESOURCES.limitsTable);
  const { stateMachineArn } = await new SFNClient({}).send(
    new CreateStateMachineCommand({
      name: "shoebox-test-receipt-workflow",
      roleArn: "arn:aws:iam::123456789012:role/shoebox-test-receipt-workflow",
      definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }),
    }),
  );
  const workflowArn = String(stateMachineArn);
  Object.assign(process.env, {
    PHOTOS_TABLE: RESOURCES.photosTable,
    BATCHES_TABLE: RESOURCES.batchesTable,
    LIMITS_TABLE: RESOURCES.limitsTable,
    UPLOADS_BUCKET: RESOURCES.uploadsBucket,
    THUMBNAILS_BUCKET: RESOURCES.thumbnailsBucket,
    THUMBNAIL_SIZES,
    RECEIPT_WORKFLOW_ARN: workflowArn,
    ...env,
  });
  const { handler } = await import("../../src/handler.ts");
  const call: Call = async (options) =>
    (await handler(httpEvent(options), lambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { moto, workflowArn, call };
};

/** The owner id photos-api derives from the fixture's issuer and this subject. */
export const ownerOf = (subject: string): string => ownerIdFromClaims(fixtureIssuer(), subject);

/** A PENDING photo item of `subject`, as uploads-api writes it, with `overrides`. */
export const photoItem = (
  subject: string,
  photoId: string,
  overrides: Partial<PhotoItem> = {},
): PhotoItem => {
  const ownerId = ownerOf(subject);
  const at = new Date().toISOString();
  return {
    ownerId,
    photoId,
    kind: "photo",
    status: "PENDING",
    uploadKey: uploadKey(ownerId, photoId),
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
};

export const putPhotoItems = async (items: PhotoItem[]): Promise<void> => {
  await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
    new BatchWriteCommand({
      RequestItems: { [RESOURCES.photosTable]: items.map((Item) => ({ PutRequest: { Item } })) },
    }),
  );
};

export const bodyOf = (response: APIGatewayProxyStructuredResultV2): Record<string, unknown> =>
  JSON.parse(String(response.body)) as Record<string, unknown>;
