import { randomUUID } from "node:crypto";
import type { AwsRequest } from "./aws-request.ts";

/*
 * A refused request answered the way the service itself answers it, so the SDK in the function
 * throws the error it would throw on AWS (AccessDenied, AccessDeniedException, KMS.AccessDenied...).
 */

export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const xmlEscape = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** The error code each service uses when the caller's KMS permission is what is missing. */
const KMS_DENIED_CODE: Record<string, string> = {
  sqs: "KMS.AccessDeniedException",
  sns: "KMSAccessDenied",
};

/** An S3 error of any code, as S3 words it. */
export const s3Error = (status: number, code: string, message: string): ErrorAnswer => {
  const requestId = randomUUID();
  return {
    status,
    headers: { "content-type": "application/xml", "x-amz-request-id": requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>${requestId}</RequestId></Error>`,
  };
};

export const accessDenied = (request: AwsRequest, message: string, kms: boolean): ErrorAnswer => {
  if (request.protocol === "rest-xml") {
    const denied = s3Error(403, "AccessDenied", message);
    // A HEAD answer has no body: the SDK sees the status alone, as from S3.
    return request.s3?.method === "HEAD" ? { ...denied, body: "" } : denied;
  }
  const requestId = randomUUID();
  const code =
    (kms && KMS_DENIED_CODE[request.service]) || (request.service === "sns" ? "AuthorizationError" : "");
  if (request.protocol === "query") {
    return {
      status: 403,
      headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
      body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code || "AccessDenied"}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    };
  }
  const type = code || "AccessDeniedException";
  return {
    status: 400,
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amzn-requestid": requestId,
      "x-amzn-errortype": type,
      // SQS speaks JSON with its query-era codes (awsQueryCompat): the SDK names errors from this.
      ...(request.service === "sqs" ? { "x-amzn-query-error": `${code || "AccessDenied"};Sender` } : {}),
    },
    body: JSON.stringify({ __type: type, message }),
  };
};

/** A key the gate did not issue: AWS does not know who is calling. */
export const unknownCaller = (request: AwsRequest): ErrorAnswer => {
  const message = `The security token included in the request is invalid (access key ${request.accessKeyId ?? "none"} was not issued by the local stack)`;
  if (request.protocol === "json") {
    return {
      status: 400,
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amzn-errortype": "UnrecognizedClientException",
      },
      body: JSON.stringify({ __type: "UnrecognizedClientException", message }),
    };
  }
  if (request.protocol === "query") {
    return {
      status: 403,
      headers: { "content-type": "text/xml" },
      body: `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
    };
  }
  return {
    status: 403,
    headers: { "content-type": "application/xml" },
    body: `<Error><Code>InvalidAccessKeyId</Code><Message>${xmlEscape(message)}</Message></Error>`,
  };
};
