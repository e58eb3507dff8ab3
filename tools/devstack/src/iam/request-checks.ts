import type { AccountModel, EncryptedResource, PolicyDocument } from "./account-model.ts";
import type { AwsRequest } from "./aws-request.ts";

/*
 * What IAM checks for a request: each action on each resource it touches, with the resource's
 * own policy, plus the KMS calls the service makes with the caller's permissions when the
 * resource is encrypted with a customer-managed key (SSE-KMS put = GenerateDataKey, get =
 * Decrypt; encrypted queues and topics; CMK tables; secrets).
 */

export interface Check {
  action: string;
  resource: string;
  resourcePolicy?: PolicyDocument | undefined;
  context?: Record<string, string | string[]>;
  /** For KMS checks: what made the service call KMS (shown in the denial). */
  impliedBy?: string;
}

/** The checks a request needs before it runs, and the ones that apply only to its answer. */
export interface RequestChecks {
  before: Check[];
  /** S3 GET/HEAD: Decrypt matters only when there is an object to decrypt. */
  afterSuccess: Check[];
  /** S3 GET/HEAD of a missing key: NoSuchKey only for a caller that may list the bucket. */
  onMissingObject?: Check;
}

export class UnknownRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnknownRequestError";
  }
}

const kmsCheck = (
  action: "kms:Decrypt" | "kms:GenerateDataKey",
  store: EncryptedResource | undefined,
  service: string,
  model: AccountModel,
  encryptionContext: Record<string, string>,
  /** Global condition keys of the request (aws:SourceArn of a service's delivery). */
  requestContext: Record<string, string> = {},
): Check[] => {
  if (!store?.kmsKeyArn) return [];
  const key = model.keys.get(store.kmsKeyArn);
  return [
    {
      action,
      resource: store.kmsKeyArn,
      resourcePolicy: key?.policy,
      impliedBy: `${service} encrypts ${store.arn} with this key`,
      context: {
        ...requestContext,
        "kms:ViaService": `${service}.${model.region}.amazonaws.com`,
        "kms:CallerAccount": model.accountId,
        ...Object.fromEntries(
          Object.entries(encryptionContext).map(([name, value]) => [`kms:EncryptionContext:${name}`, value]),
        ),
      },
    },
  ];
};

const none = (before: Check[]): RequestChecks => ({ before, afterSuccess: [] });

/** Query parameters of ListObjects(V2): a bucket GET with anything else is another API. */
const LIST_OBJECTS_PARAMETERS = new Set([
  "list-type",
  "prefix",
  "delimiter",
  "max-keys",
  "marker",
  "continuation-token",
  "start-after",
  "encoding-type",
  "fetch-owner",
  "x-id",
]);

const s3Checks = (request: AwsRequest, model: AccountModel): RequestChecks => {
  if (!request.s3) throw new UnknownRequestError("S3 request without a path");
  const { method, bucket: bucketName, key, query, form, copySource } = request.s3;
  if (!bucketName) return none([{ action: "s3:ListAllMyBuckets", resource: "*" }]);
  const bucket = model.buckets.get(bucketName);
  const bucketArn = bucket?.arn ?? `arn:${model.partition}:s3:::${bucketName}`;
  const policy = bucket?.policy;
  const object = (objectKey: string, action: string): Check => ({
    action,
    resource: `${bucketArn}/${objectKey}`,
    resourcePolicy: policy,
  });
  const encrypt = (objectKey: string) =>
    kmsCheck("kms:GenerateDataKey", bucket, "s3", model, { "aws:s3:arn": `${bucketArn}/${objectKey}` });
  const decrypt = (objectKey: string) =>
    kmsCheck("kms:Decrypt", bucket, "s3", model, { "aws:s3:arn": `${bucketArn}/${objectKey}` });

  if (method === "POST" && !key && form) {
    // S3 replaces ${filename} in the key field with the uploaded file's name.
    const keyField = Object.entries(form).find(([name]) => name.toLowerCase() === "key")?.[1] ?? "";
    // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's placeholder, literally
    const formKey = keyField.replaceAll("${filename}", form["$file-name"] ?? "");
    return none([object(formKey, "s3:PutObject"), ...encrypt(formKey)]);
  }
  if (!key) {
    if (method === "POST" && query.has("delete")) return none([object("*", "s3:DeleteObject")]);
    const isListing =
      method === "GET" && [...query.keys()].every((name) => LIST_OBJECTS_PARAMETERS.has(name));
    if (isListing || method === "HEAD") {
      const context: Record<string, string> = {};
      for (const name of ["prefix", "delimiter", "max-keys"]) {
        const value = query.get(name);
        if (value !== null) context[`s3:${name}`] = value;
      }
      return none([{ action: "s3:ListBucket", resource: bucketArn, resourcePolicy: policy, context }]);
    }
    throw new UnknownRequestError(`S3 ${method} on bucket ${bucketName}?${query.toString()}`);
  }

  const listBucket: Check = { action: "s3:ListBucket", resource: bucketArn, resourcePolicy: policy };
  // Sub-resources other than tagging and multipart uploads are not used here: refused as unknown.
  if (query.has("acl") || query.has("legal-hold") || query.has("retention") || query.has("torrent"))
    throw new UnknownRequestError(`S3 ${method} ${bucketName}/${key}?${query.toString()}`);
  if (method === "GET" || method === "HEAD") {
    if (query.has("tagging")) return none([object(key, "s3:GetObjectTagging")]);
    if (query.has("uploadId")) return none([object(key, "s3:ListMultipartUploadParts")]);
    const action = query.has("versionId") ? "s3:GetObjectVersion" : "s3:GetObject";
    return { before: [object(key, action)], afterSuccess: decrypt(key), onMissingObject: listBucket };
  }
  if (method === "PUT") {
    if (query.has("tagging")) return none([object(key, "s3:PutObjectTagging")]);
    const checks = [object(key, "s3:PutObject"), ...encrypt(key)];
    if (copySource) {
      // x-amz-copy-source: /bucket/key[?versionId=...], the key URL-encoded.
      const [path = "", version = ""] = copySource.replace(/^\//, "").split("?");
      const [sourceBucket = "", ...sourceKey] = decodeURIComponent(path).split("/");
      const source = model.buckets.get(sourceBucket);
      const sourceArn = `arn:${model.partition}:s3:::${sourceBucket}/${sourceKey.join("/")}`;
      checks.push(
        {
          action: new URLSearchParams(version).has("versionId") ? "s3:GetObjectVersion" : "s3:GetObject",
          resource: sourceArn,
          resourcePolicy: source?.policy,
        },
        ...kmsCheck("kms:Decrypt", source, "s3", model, { "aws:s3:arn": sourceArn }),
      );
    }
    return none(checks);
  }
  if (method === "DELETE") {
    if (query.has("tagging")) return none([object(key, "s3:DeleteObjectTagging")]);
    if (query.has("uploadId")) return none([object(key, "s3:AbortMultipartUpload")]);
    return none([object(key, query.has("versionId") ? "s3:DeleteObjectVersion" : "s3:DeleteObject")]);
  }
  if (method === "POST" && (query.has("uploads") || query.has("uploadId"))) {
    return none([object(key, "s3:PutObject"), ...encrypt(key)]);
  }
  throw new UnknownRequestError(`S3 ${method} ${bucketName}/${key}?${query.toString()}`);
};

const queueOf = (model: AccountModel, params: Record<string, unknown>) => {
  const name =
    String(params.QueueUrl ?? params.QueueName ?? "")
      .split("/")
      .pop() ?? "";
  const queue = model.queues.get(name);
  return {
    queue,
    arn: queue?.arn ?? `arn:${model.partition}:sqs:${model.region}:${model.accountId}:${name}`,
  };
};

/** SQS authorises a batch as its single action (SendMessageBatch = sqs:SendMessage). */
const SQS_ACTIONS: Record<string, string> = {
  SendMessageBatch: "SendMessage",
  DeleteMessageBatch: "DeleteMessage",
  ChangeMessageVisibilityBatch: "ChangeMessageVisibility",
};

const sqsChecks = (request: AwsRequest, model: AccountModel): RequestChecks => {
  const operation = request.operation ?? "";
  if (operation === "ListQueues") return none([{ action: "sqs:ListQueues", resource: "*" }]);
  const { queue, arn } = queueOf(model, request.params);
  const check: Check = {
    action: `sqs:${SQS_ACTIONS[operation] ?? operation}`,
    resource: arn,
    resourcePolicy: queue?.policy,
  };
  const context = { "aws:sqs:arn": arn };
  if (operation === "SendMessage" || operation === "SendMessageBatch") {
    return none([
      check,
      ...kmsCheck("kms:GenerateDataKey", queue, "sqs", model, context),
      ...kmsCheck("kms:Decrypt", queue, "sqs", model, context),
    ]);
  }
  if (operation === "ReceiveMessage")
    return none([check, ...kmsCheck("kms:Decrypt", queue, "sqs", model, context)]);
  return none([check]);
};

/** DynamoDB operations on items of several tables are authorised per table (and per item). */
const dynamodbChecks = (request: AwsRequest, model: AccountModel): RequestChecks => {
  const operation = request.operation ?? "";
  const params = request.params;
  const onTable = (nameOrArn: string, action: string, index?: string): Check[] => {
    // Every DynamoDB API takes the table's name or its ARN.
    const tableName = nameOrArn.startsWith("arn:")
      ? (nameOrArn.split(":table/")[1]?.split("/")[0] ?? "")
      : nameOrArn;
    const table = model.tables.get(tableName);
    const arn =
      table?.arn ?? `arn:${model.partition}:dynamodb:${model.region}:${model.accountId}:table/${tableName}`;
    return [
      { action: `dynamodb:${action}`, resource: index ? `${arn}/index/${index}` : arn },
      ...kmsCheck("kms:Decrypt", table, "dynamodb", model, { "aws:dynamodb:tableName": tableName }),
    ];
  };
  if (operation === "ListTables") return none([{ action: "dynamodb:ListTables", resource: "*" }]);
  if (operation === "BatchWriteItem" || operation === "BatchGetItem") {
    return none(
      Object.keys((params.RequestItems ?? {}) as object).flatMap((table) => onTable(table, operation)),
    );
  }
  if (operation === "TransactWriteItems" || operation === "TransactGetItems") {
    const items = (params.TransactItems ?? []) as Array<Record<string, { TableName: string }>>;
    const actions: Record<string, string> = {
      Put: "PutItem",
      Update: "UpdateItem",
      Delete: "DeleteItem",
      ConditionCheck: "ConditionCheckItem",
      Get: "GetItem",
    };
    return none(
      items.flatMap((item) =>
        Object.entries(item).flatMap(([kind, body]) => onTable(body.TableName, actions[kind] ?? kind)),
      ),
    );
  }
  const tableName = String(params.TableName ?? "");
  if (!tableName) throw new UnknownRequestError(`DynamoDB ${operation} without TableName`);
  const index = typeof params.IndexName === "string" ? params.IndexName : undefined;
  return none(onTable(tableName, operation, index));
};

const snsChecks = (request: AwsRequest, model: AccountModel): RequestChecks => {
  const operation = request.operation ?? "";
  const topicArn = String(request.params.TopicArn ?? "");
  if (!topicArn) return none([{ action: `sns:${operation}`, resource: "*" }]);
  const topic = model.topics.get(topicArn);
  const check: Check = {
    action: `sns:${operation === "PublishBatch" ? "Publish" : operation}`,
    resource: topicArn,
    resourcePolicy: topic?.policy,
  };
  if (operation !== "Publish" && operation !== "PublishBatch") return none([check]);
  const context = { "aws:sns:topicArn": topicArn };
  return none([
    check,
    ...kmsCheck("kms:GenerateDataKey", topic, "sns", model, context),
    ...kmsCheck("kms:Decrypt", topic, "sns", model, context),
  ]);
};

const secretsManagerChecks = (request: AwsRequest, model: AccountModel): RequestChecks => {
  const id = String(request.params.SecretId ?? "");
  const secret = model.secrets.get(id);
  const arn = secret?.arn ?? id;
  const check: Check = {
    action: `secretsmanager:${request.operation}`,
    resource: arn,
    resourcePolicy: secret?.policy,
  };
  if (request.operation !== "GetSecretValue") return none([check]);
  return none([check, ...kmsCheck("kms:Decrypt", secret, "secretsmanager", model, { SecretARN: arn })]);
};

const kmsChecks = (request: AwsRequest, model: AccountModel): RequestChecks => {
  const id = String(request.params.KeyId ?? "");
  const key = model.keys.get(id) ?? model.keys.get(id.replace(/^arn:[^:]+:kms:[^:]+:\d+:/, ""));
  return none([
    { action: `kms:${request.operation}`, resource: key?.arn ?? id, resourcePolicy: key?.policy },
  ]);
};

/**
 * A callback answer (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat) names no resource: the
 * service authorization reference lists no resource type for these actions, so IAM checks them
 * against "*" and only a statement on "*" grants them (the task token is the capability).
 */
const statesChecks = (request: AwsRequest): RequestChecks => {
  const params = request.params;
  const resource = String(params.stateMachineArn ?? params.executionArn ?? "*");
  return none([{ action: `states:${request.operation}`, resource }]);
};

/**
 * What a service's delivery into a queue needs (S3 event notifications, SNS subscriptions): the
 * queue's policy must allow the service to send for that source, and the queue's key policy
 * must let it make the data key SQS encrypts with.
 */
export const queueDeliveryChecks = (
  model: AccountModel,
  queueName: string,
  source: { arn: string; service: string },
): Check[] => {
  const { queue, arn } = queueOf(model, { QueueName: queueName });
  const context = { "aws:SourceArn": source.arn, "aws:SourceAccount": model.accountId };
  const encryptionContext = { "aws:sqs:arn": arn };
  const impliedBy = `${source.service} delivers from ${source.arn} to ${arn}`;
  const checks: Check[] = [
    { action: "sqs:SendMessage", resource: arn, resourcePolicy: queue?.policy, context },
    ...kmsCheck("kms:GenerateDataKey", queue, "sqs", model, encryptionContext, context),
    ...kmsCheck("kms:Decrypt", queue, "sqs", model, encryptionContext, context),
  ];
  return checks.map((check) => ({ ...check, impliedBy: check.impliedBy ?? impliedBy }));
};

/** Every check a request needs, or UnknownRequestError for a request the gate cannot read. */
export const checksFor = (request: AwsRequest, model: AccountModel): RequestChecks => {
  switch (request.service) {
    case "s3":
      return s3Checks(request, model);
    case "sqs":
      return sqsChecks(request, model);
    case "dynamodb":
      return dynamodbChecks(request, model);
    case "sns":
      return snsChecks(request, model);
    case "secretsmanager":
      return secretsManagerChecks(request, model);
    case "kms":
      return kmsChecks(request, model);
    case "states":
      return statesChecks(request);
    case "sts":
      // GetCallerIdentity needs no permission; nothing else is called by the functions.
      if (request.operation === "GetCallerIdentity") return none([]);
      throw new UnknownRequestError(`STS ${request.operation}`);
    default:
      throw new UnknownRequestError(`${request.service} ${request.operation ?? ""}`);
  }
};
