import type { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";

/*
 * Presigned URLs and presigned POST forms made with the S3 client's own SigV4 signer, as
 * @aws-sdk/s3-request-presigner and @aws-sdk/s3-presigned-post do (neither is a dependency of
 * this package): the command is serialised by the SDK, then presigned instead of signed.
 */

interface SerializedRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
}

interface SdkSigner {
  presign(request: SerializedRequest, options: { expiresIn: number }): Promise<SerializedRequest>;
  sign(
    stringToSign: string,
    options: { signingDate: Date; signingRegion: string; signingService: string },
  ): Promise<string>;
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const signerOf = (client: S3Client, credentials: Credentials, region: string): SdkSigner => {
  const config = client.config as unknown as {
    signerConstructor: new (options: object) => SdkSigner;
    sha256: unknown;
  };
  return new config.signerConstructor({
    credentials,
    region,
    service: "s3",
    sha256: config.sha256,
    uriEscapePath: false,
  });
};

class Serialized extends Error {}

const queryString = (query: SerializedRequest["query"]): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const each of Array.isArray(value) ? value : [value]) search.append(name, each ?? "");
  }
  return search.toString();
};

/** The URL s3-request-presigner's getSignedUrl would give for the command. */
export const presignedUrl = async (
  client: S3Client,
  command: GetObjectCommand,
  credentials: Credentials,
  region: string,
): Promise<string> => {
  let serialized: SerializedRequest | undefined;
  command.middlewareStack.add(
    () => async (args) => {
      serialized = (args as { request: SerializedRequest }).request;
      throw new Serialized();
    },
    { step: "finalizeRequest", priority: "high", name: "presignInsteadOfSend" },
  );
  await client.send(command).catch((error: unknown) => {
    if (!(error instanceof Serialized)) throw error;
  });
  if (!serialized) throw new Error("the SDK did not serialise the command");
  const host = `${serialized.hostname}${serialized.port ? `:${serialized.port}` : ""}`;
  const presigned = await signerOf(client, credentials, region).presign(
    { ...serialized, headers: { host } },
    { expiresIn: 900 },
  );
  return `${presigned.protocol}//${host}${presigned.path}?${queryString(presigned.query)}`;
};

/** The fields s3-presigned-post's createPresignedPost gives a browser for a key. */
export const presignedPostFields = async (
  client: S3Client,
  options: { bucket: string; key: string; credentials: Credentials; region: string; now?: Date },
): Promise<Record<string, string>> => {
  const now = options.now ?? new Date();
  const date = now.toISOString().replace(/[-:]|\.\d{3}/g, "");
  const credential = `${options.credentials.accessKeyId}/${date.slice(0, 8)}/${options.region}/s3/aws4_request`;
  const fields: Record<string, string> = {
    bucket: options.bucket,
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": credential,
    "X-Amz-Date": date,
    ...(options.credentials.sessionToken ? { "X-Amz-Security-Token": options.credentials.sessionToken } : {}),
    key: options.key,
  };
  const conditions = [
    ...Object.entries(fields).map(([name, value]) => ({ [name]: value })),
    ["content-length-range", 0, 1_000_000],
  ];
  const expiration = new Date(now.getTime() + 3_600_000).toISOString();
  const policy = Buffer.from(JSON.stringify({ expiration, conditions })).toString("base64");
  const signature = await signerOf(client, options.credentials, options.region).sign(policy, {
    signingDate: now,
    signingRegion: options.region,
    signingService: "s3",
  });
  return { ...fields, Policy: policy, "X-Amz-Signature": signature };
};
