import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { TextractClient } from "@aws-sdk/client-textract";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/*
 * One client per service and container, built on first use and reused by every invocation.
 * Endpoints come from the SDK's own environment variables (AWS_ENDPOINT_URL, or
 * AWS_ENDPOINT_URL_<SERVICE>), so the same code runs against AWS, LocalStack or moto.
 * S3 needs path-style addressing on a local emulator: S3_FORCE_PATH_STYLE=true.
 */
const once = <T>(build: () => T): (() => T) => {
  let client: T | undefined;
  return () => {
    client ??= build();
    return client;
  };
};

export const s3Client = /* @__PURE__ */ once(
  () => new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === "true" }),
);
// The SDK sends a request to its QueueUrl's host by default; on AWS that is the regional
// endpoint anyway, and locally it would go around the IAM gate straight to the emulator.
export const sqsClient = /* @__PURE__ */ once(() => new SQSClient({ useQueueUrlAsEndpoint: false }));
export const snsClient = /* @__PURE__ */ once(() => new SNSClient({}));
export const sfnClient = /* @__PURE__ */ once(() => new SFNClient({}));
export const dynamoDocumentClient = /* @__PURE__ */ once(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);
export const textractClient = /* @__PURE__ */ once(() => new TextractClient({}));
