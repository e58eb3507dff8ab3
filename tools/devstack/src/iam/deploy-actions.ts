import type { AwsRequest } from "./aws-request.ts";

/*
 * The IAM action a management call of the Terraform provider needs, read off the wire: for the
 * JSON and query protocols the operation itself (`iam:CreateRole`); for the REST APIs (S3
 * bucket configuration, Lambda, API Gateway) from the method, path and sub-resource. A call
 * this cannot name comes back as `<service>:?<method> <path>`, which no policy allows, so it
 * shows up rather than passing unseen.
 */

/** Signing names whose IAM prefix differs. */
const IAM_PREFIX: Record<string, string> = { monitoring: "cloudwatch", sfn: "states" };

/** S3 bucket sub-resources: the action is Get/Put/Delete + this, except where noted below. */
const S3_SUBRESOURCES: Record<string, string> = {
  accelerate: "AccelerateConfiguration",
  acl: "BucketAcl",
  cors: "BucketCORS",
  encryption: "EncryptionConfiguration",
  lifecycle: "LifecycleConfiguration",
  location: "BucketLocation",
  logging: "BucketLogging",
  notification: "BucketNotification",
  "object-lock": "BucketObjectLockConfiguration",
  ownershipControls: "BucketOwnershipControls",
  policy: "BucketPolicy",
  publicAccessBlock: "BucketPublicAccessBlock",
  replication: "ReplicationConfiguration",
  requestPayment: "BucketRequestPayment",
  tagging: "BucketTagging",
  versioning: "BucketVersioning",
  website: "BucketWebsite",
};
/** Deleting these configurations is authorised as putting them (S3's own rule). */
const S3_DELETE_AS_PUT = new Set([
  "cors",
  "encryption",
  "lifecycle",
  "ownershipControls",
  "publicAccessBlock",
  "replication",
  "tagging",
]);

const s3Action = (request: AwsRequest): string => {
  const { method, bucket, key, query } = request.s3 ?? { method: "GET", query: new URLSearchParams() };
  if (!bucket) return "s3:ListAllMyBuckets";
  if (key) {
    if (method === "GET" || method === "HEAD") return "s3:GetObject";
    if (method === "PUT") return "s3:PutObject";
    if (method === "DELETE") return "s3:DeleteObject";
  }
  const subresource = Object.keys(S3_SUBRESOURCES).find((name) => query.has(name));
  if (subresource) {
    const verb =
      method === "GET" ? "Get" : method === "DELETE" && !S3_DELETE_AS_PUT.has(subresource) ? "Delete" : "Put";
    return `s3:${verb}${S3_SUBRESOURCES[subresource]}`;
  }
  if (method === "POST" && query.has("delete")) return "s3:DeleteObject";
  if (method === "GET" && query.has("versions")) return "s3:ListBucketVersions";
  if (method === "PUT") return "s3:CreateBucket";
  if (method === "DELETE") return "s3:DeleteBucket";
  if (method === "GET" || method === "HEAD") return "s3:ListBucket";
  return `s3:?${method} ${[...query.keys()].join("&")}`;
};

/** Lambda's REST paths, after the API version: `functions/{name}/<rest>` and a few others. */
const lambdaAction = (method: string, path: string): string => {
  const [, , collection = "", name, ...rest] = path.split("/");
  const sub = rest.join("/");
  if (collection === "tags")
    return { GET: "ListTags", POST: "TagResource", DELETE: "UntagResource" }[method] ?? "";
  if (collection === "event-source-mappings") {
    if (!name) return method === "POST" ? "CreateEventSourceMapping" : "ListEventSourceMappings";
    return (
      { GET: "GetEventSourceMapping", PUT: "UpdateEventSourceMapping", DELETE: "DeleteEventSourceMapping" }[
        method
      ] ?? ""
    );
  }
  if (collection !== "functions") return "";
  if (!name) return method === "POST" ? "CreateFunction" : "ListFunctions";
  const byPath: Record<string, Record<string, string>> = {
    "": { GET: "GetFunction", DELETE: "DeleteFunction" },
    configuration: { GET: "GetFunctionConfiguration", PUT: "UpdateFunctionConfiguration" },
    code: { PUT: "UpdateFunctionCode" },
    policy: { GET: "GetPolicy", POST: "AddPermission" },
    versions: { GET: "ListVersionsByFunction", POST: "PublishVersion" },
    aliases: { GET: "ListAliases", POST: "CreateAlias" },
    concurrency: {
      GET: "GetFunctionConcurrency",
      PUT: "PutFunctionConcurrency",
      DELETE: "DeleteFunctionConcurrency",
    },
    "event-invoke-config": {
      GET: "GetFunctionEventInvokeConfig",
      PUT: "PutFunctionEventInvokeConfig",
      DELETE: "DeleteFunctionEventInvokeConfig",
    },
    "code-signing-config": { GET: "GetFunctionCodeSigningConfig" },
    url: { GET: "GetFunctionUrlConfig" },
    "recursion-config": { GET: "GetFunctionRecursionConfig" },
  };
  if (sub.startsWith("policy/") && method === "DELETE") return "RemovePermission";
  return byPath[sub]?.[method] ?? "";
};

/**
 * The IAM action of a management request, `<service>:?...` when it cannot be named, or
 * undefined for a call that needs no permission (sts:GetCallerIdentity: AWS answers it for any
 * valid credentials).
 */
export const deployActionOf = (request: AwsRequest, path: string, method: string): string | undefined => {
  const prefix = IAM_PREFIX[request.service] ?? request.service;
  if (request.service === "sts" && request.operation === "GetCallerIdentity") return undefined;
  if (request.operation) return `${prefix}:${request.operation}`;
  // The RPC v2 (CBOR) protocol names the operation in the path.
  const rpcOperation = /\/service\/[^/]+\/operation\/(\w+)$/.exec(path)?.[1];
  if (rpcOperation) return `${prefix}:${rpcOperation}`;
  if (request.service === "s3") return s3Action(request);
  // API Gateway's management API is authorised by HTTP method on the resource path.
  if (request.service === "apigateway") return `apigateway:${method}`;
  if (request.service === "lambda") {
    const action = lambdaAction(method, path.split("?")[0] ?? "");
    if (action) return `lambda:${action}`;
  }
  return `${prefix}:?${method} ${path.split("?")[0]}`;
};
