import { BuildError } from "./errors.mjs";

/*
 * Which IAM actions AWS authorises each AWS SDK v3 command as. Most commands are authorised as
 * the action of the same name; the table lists every command anyway, so that a command nobody
 * has looked at fails the build instead of slipping through as a guess.
 *
 * An entry is one of:
 *   "GetObject"                     the one action, in the service's prefix (s3:GetObject)
 *   ["GetObject", "PutObject"]      all of these actions
 *   oneOf([...])                    at least one of them, depending on the request (a
 *                                   transaction's items are each authorised by their kind)
 *   withOptional(entry, [...])      as entry; the listed actions change only how a failure
 *                                   looks, so a policy may grant them and need not
 *   sentByClient("why")             the client sends it on its own, for a feature we do not
 *                                   use (our code never does): not counted
 */
const normalise = (entry) => {
  if (typeof entry === "string") return { required: [entry] };
  if (Array.isArray(entry)) return { required: entry };
  return entry;
};

const oneOf = (actions) => ({ oneOf: actions });
const withOptional = (entry, optional) => ({ ...normalise(entry), optional });
const sentByClient = (reason) => ({ sentByClient: reason });

// A GetObject or HeadObject of a missing key is a 404 only with s3:ListBucket, AccessDenied
// otherwise; one that names a VersionId is authorised as s3:GetObjectVersion.
const readObject = withOptional("GetObject", ["ListBucket", "GetObjectVersion"]);
const partiQL = oneOf(["PartiQLDelete", "PartiQLInsert", "PartiQLSelect", "PartiQLUpdate"]);

export const awsServices = {
  "client-dynamodb": {
    service: "DynamoDB",
    prefix: "dynamodb",
    commands: {
      BatchExecuteStatement: partiQL,
      BatchGetItem: "BatchGetItem",
      BatchWriteItem: "BatchWriteItem",
      DeleteItem: "DeleteItem",
      DescribeEndpoints: sentByClient("endpoint discovery, off unless AWS_ENABLE_ENDPOINT_DISCOVERY is set"),
      DescribeTable: "DescribeTable",
      ExecuteStatement: partiQL,
      ExecuteTransaction: partiQL,
      GetItem: "GetItem",
      PutItem: "PutItem",
      Query: "Query",
      Scan: "Scan",
      TransactGetItems: "GetItem",
      TransactWriteItems: oneOf(["ConditionCheckItem", "DeleteItem", "PutItem", "UpdateItem"]),
      UpdateItem: "UpdateItem",
    },
  },
  "client-s3": {
    service: "S3",
    prefix: "s3",
    commands: {
      AbortMultipartUpload: "AbortMultipartUpload",
      CompleteMultipartUpload: "PutObject",
      CopyObject: ["GetObject", "PutObject"],
      CreateMultipartUpload: "PutObject",
      CreateSession: sentByClient("S3 Express One Zone (directory buckets) only"),
      // With a VersionId, the request is authorised as s3:DeleteObjectVersion instead.
      DeleteObject: oneOf(["DeleteObject", "DeleteObjectVersion"]),
      DeleteObjects: "DeleteObject",
      GetObject: readObject,
      GetObjectTagging: "GetObjectTagging",
      HeadBucket: "ListBucket",
      HeadObject: readObject,
      ListObjects: "ListBucket",
      ListObjectsV2: "ListBucket",
      ListParts: "ListMultipartUploadParts",
      PutObject: "PutObject",
      PutObjectTagging: "PutObjectTagging",
      UploadPart: "PutObject",
      UploadPartCopy: ["GetObject", "PutObject"],
    },
  },
  "client-sqs": {
    service: "SQS",
    prefix: "sqs",
    commands: {
      ChangeMessageVisibility: "ChangeMessageVisibility",
      ChangeMessageVisibilityBatch: "ChangeMessageVisibility",
      DeleteMessage: "DeleteMessage",
      DeleteMessageBatch: "DeleteMessage",
      GetQueueAttributes: "GetQueueAttributes",
      GetQueueUrl: "GetQueueUrl",
      PurgeQueue: "PurgeQueue",
      ReceiveMessage: "ReceiveMessage",
      SendMessage: "SendMessage",
      SendMessageBatch: "SendMessage",
    },
  },
  "client-sns": {
    service: "SNS",
    prefix: "sns",
    commands: { Publish: "Publish", PublishBatch: "Publish" },
  },
  "client-sfn": {
    service: "SFN",
    prefix: "states",
    commands: {
      DescribeExecution: "DescribeExecution",
      SendTaskFailure: "SendTaskFailure",
      SendTaskHeartbeat: "SendTaskHeartbeat",
      SendTaskSuccess: "SendTaskSuccess",
      StartExecution: "StartExecution",
      StartSyncExecution: "StartSyncExecution",
      StopExecution: "StopExecution",
    },
  },
  // Textract reads an S3Object with the caller's permissions too (s3:GetObject, or
  // s3:GetObjectVersion for a Version, and kms:Decrypt for SSE-KMS): the policy grants those
  // beside these actions; no command of the bundle names them.
  "client-textract": {
    service: "Textract",
    prefix: "textract",
    commands: {
      AnalyzeExpense: "AnalyzeExpense",
      GetExpenseAnalysis: "GetExpenseAnalysis",
      StartExpenseAnalysis: "StartExpenseAnalysis",
    },
  },
  "client-secrets-manager": {
    service: "SecretsManager",
    prefix: "secretsmanager",
    commands: { DescribeSecret: "DescribeSecret", GetSecretValue: "GetSecretValue" },
  },
  "client-ssm": {
    service: "SSM",
    prefix: "ssm",
    commands: {
      GetParameter: "GetParameter",
      GetParameters: "GetParameters",
      GetParametersByPath: "GetParametersByPath",
    },
  },
};

const tableHint = "scripts/build/aws-actions.mjs";

/**
 * What a command module of the bundle stands for: `{ command: "S3:HeadObject", required,
 * oneOf, optional }` with full action names, or `{ command, sentByClient }` for a command the
 * client sends on its own. Fails for a command the table does not know.
 *
 * @example
 * awsCommandOf("client-s3", "HeadObject")
 * // { command: "S3:HeadObject", required: ["s3:GetObject"], oneOf: [], optional: ["s3:ListBucket"] }
 */
export const awsCommandOf = (clientPackage, commandName) => {
  const service = awsServices[clientPackage];
  const entry = service?.commands[commandName];
  if (!entry) {
    const where = service
      ? `to awsServices["${clientPackage}"].commands`
      : `as awsServices["${clientPackage}"] (the service, its IAM prefix and its commands)`;
    throw new BuildError(
      `the bundle can send @aws-sdk/${clientPackage} ${commandName}Command, whose IAM actions are unknown: ` +
        `add it ${where} in ${tableHint}, with the action(s) AWS authorises it as ` +
        "(the Service Authorization Reference lists them)",
    );
  }
  const command = `${service.service}:${commandName}`;
  const { required = [], oneOf: anyOf, optional = [], sentByClient: reason } = normalise(entry);
  if (reason) return { command, sentByClient: reason };
  const qualify = (actions) => actions.map((action) => `${service.prefix}:${action}`);
  return {
    command,
    required: qualify(required),
    oneOf: anyOf ? [qualify(anyOf)] : [],
    optional: qualify(optional),
  };
};

const sortedUnique = (values) => [...new Set(values)].sort();

/**
 * A bundle's commands and the IAM actions they need, sorted, for the manifest.
 *
 * @example
 * awsActionsOf([awsCommandOf("client-dynamodb", "TransactWriteItems"), awsCommandOf("client-sns", "Publish")])
 * // { awsCommands: ["DynamoDB:TransactWriteItems", "SNS:Publish"],
 * //   awsActions: { required: ["sns:Publish"], oneOf: [["dynamodb:ConditionCheckItem", ...]], optional: [] } }
 */
export const awsActionsOf = (commands) => {
  const sent = commands.filter((command) => !command.sentByClient);
  const groups = new Set(
    sent.flatMap((command) => command.oneOf).map((group) => JSON.stringify(sortedUnique(group))),
  );
  return {
    awsCommands: sortedUnique(sent.map((command) => command.command)),
    awsActions: {
      required: sortedUnique(sent.flatMap((command) => command.required)),
      oneOf: [...groups].sort().map((key) => JSON.parse(key)),
      optional: sortedUnique(sent.flatMap((command) => command.optional)),
    },
  };
};
