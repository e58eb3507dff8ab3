import type { RawRequest } from "../../src/iam/aws-request.ts";
import { REGION } from "./fixtures.ts";

/*
 * Requests as the Terraform provider (aws-sdk-go-v2) puts them on the wire: signed for the
 * service's signing name, with the body and headers of each protocol. The shapes in the tests
 * are copied from a real apply of terraform/ through the deploy audit.
 */

export const providerRequest = (
  service: string,
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body = "",
): RawRequest => ({
  method,
  url,
  headers: {
    authorization: `AWS4-HMAC-SHA256 Credential=test/20261203/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=x`,
    ...headers,
  },
  body: Buffer.from(body),
});

/** A JSON-protocol call (`x-amz-target: TrentService.CreateKey`). */
export const jsonRequest = (service: string, target: string, params: Record<string, unknown>): RawRequest =>
  providerRequest(
    service,
    "POST",
    "/",
    { "x-amz-target": target, "content-type": "application/x-amz-json-1.1" },
    JSON.stringify(params),
  );

/** A query-protocol call (IAM, SNS, CloudWatch): Action=... in a form body. */
export const queryRequest = (service: string, form: Record<string, string>): RawRequest =>
  providerRequest(
    service,
    "POST",
    "/",
    { "content-type": "application/x-www-form-urlencoded" },
    new URLSearchParams(form).toString(),
  );
