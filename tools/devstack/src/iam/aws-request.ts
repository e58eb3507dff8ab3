/*
 * What an AWS request is, read off the wire: which service, whose access key, which operation
 * and its parameters. The IAM gate authorises on this; it never looks at the SDK that sent it.
 */

export interface RawRequest {
  method: string;
  /** Path and query, as received (e.g. `/bucket/key?x-id=GetObject`). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type Protocol = "rest-xml" | "json" | "query";

export interface AwsRequest {
  /** The signing name: s3, sqs, dynamodb, sns, kms, secretsmanager, states, sts, ... */
  service: string;
  protocol: Protocol;
  /** From the SigV4 credential (header, presigned query or POST form); undefined when unsigned. */
  accessKeyId?: string;
  region?: string;
  /** The API operation (`PutItem`, `Publish`); for S3 the method and path decide it later. */
  operation?: string;
  /** JSON body, or the form/query parameters of a query-protocol call. */
  params: Record<string, unknown>;
  /** S3 only: path-style bucket and key, query parameters, and the POST form's fields. */
  s3?: {
    method: string;
    bucket?: string;
    key?: string;
    query: URLSearchParams;
    form?: Record<string, string>;
    /** x-amz-copy-source: a copy reads its source too. */
    copySource?: string;
  };
}

const header = (request: RawRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
};

/** `AKID/20261202/us-east-1/s3/aws4_request` -> its parts. */
const credentialScope = (credential: string | undefined) => {
  if (!credential) return undefined;
  const [accessKeyId, , region, service] = credential.split("/");
  return accessKeyId && service ? { accessKeyId, region, service } : undefined;
};

/**
 * The fields of a multipart/form-data body before its file part (S3 browser POST): S3 reads the
 * policy, key and credential from them, and so does the gate.
 */
export const multipartFields = (body: Buffer, contentType: string): Record<string, string> => {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return {};
  const fields: Record<string, string> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length + 2;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = body.subarray(partStart, next - 2);
    const split = part.indexOf("\r\n\r\n");
    const head = part.subarray(0, Math.max(split, 0)).toString("utf8");
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined) break;
    if (/filename=/i.test(head)) {
      fields["$file-size"] = String(part.length - split - 4);
      fields["$file-name"] = /filename="([^"]*)"/i.exec(head)?.[1] ?? "";
      break; // the file is the last field S3 reads
    }
    fields[name] = part.subarray(split + 4).toString("utf8");
    start = next;
  }
  return fields;
};

const lowerKeys = (record: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));

/** Reads service, caller and operation from a request as AWS's front door would. */
export const parseAwsRequest = (request: RawRequest): AwsRequest => {
  const url = new URL(request.url, "http://gate.local");
  const authorization = header(request, "authorization") ?? "";
  const contentType = header(request, "content-type") ?? "";
  const target = header(request, "x-amz-target");

  let scope = credentialScope(/Credential=([^,\s]+)/.exec(authorization)?.[1]);
  scope ??= credentialScope(url.searchParams.get("X-Amz-Credential") ?? undefined);
  let form: Record<string, string> | undefined;
  if (!scope && request.method === "POST" && contentType.startsWith("multipart/form-data")) {
    form = multipartFields(request.body, contentType);
    scope = credentialScope(lowerKeys(form)["x-amz-credential"]);
  }
  const service = scope?.service ?? (target ? serviceOfTarget(target) : "s3");
  const base = {
    service,
    ...(scope?.accessKeyId ? { accessKeyId: scope.accessKeyId } : {}),
    ...(scope?.region ? { region: scope.region } : {}),
  };

  if (target) {
    const operation = target.split(".").pop() ?? "";
    const text = request.body.toString("utf8");
    return {
      ...base,
      protocol: "json",
      operation,
      params: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }
  if (service === "s3") {
    // The raw path, not url.pathname: URL folds "a/../b", and S3 keys may contain "..".
    const rawPath = request.url.split("?")[0] ?? "/";
    const [, bucket, ...rest] = rawPath.split("/");
    const key = rest.length > 0 ? decodeURIComponent(rest.join("/")) : undefined;
    form ??=
      request.method === "POST" && contentType.startsWith("multipart/form-data")
        ? multipartFields(request.body, contentType)
        : undefined;
    return {
      ...base,
      protocol: "rest-xml",
      params: {},
      s3: {
        method: request.method,
        ...(bucket ? { bucket: decodeURIComponent(bucket) } : {}),
        ...(key ? { key } : {}),
        query: url.searchParams,
        ...(form ? { form } : {}),
        ...(header(request, "x-amz-copy-source")
          ? { copySource: header(request, "x-amz-copy-source") as string }
          : {}),
      },
    };
  }
  // Query protocol (SNS, STS, IAM): Action=... in the form body or the query string.
  const params = Object.fromEntries(
    new URLSearchParams(
      contentType.includes("x-www-form-urlencoded") ? request.body.toString("utf8") : url.search,
    ),
  );
  return { ...base, protocol: "query", operation: params.Action ?? "", params };
};

/** JSON-protocol targets name the service by prefix (`DynamoDB_20120810.PutItem`). */
const serviceOfTarget = (target: string): string => {
  const prefix = target.split(".")[0] ?? "";
  if (prefix.startsWith("DynamoDB")) return "dynamodb";
  if (prefix === "AmazonSQS") return "sqs";
  if (prefix === "TrentService") return "kms";
  if (prefix === "secretsmanager") return "secretsmanager";
  if (prefix === "AWSStepFunctions") return "states";
  return prefix.toLowerCase();
};
