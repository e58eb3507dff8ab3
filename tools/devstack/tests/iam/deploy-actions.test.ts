import { describe, expect, it } from "vitest";
import { parseAwsRequest } from "../../src/iam/aws-request.ts";
import { deployActionOf } from "../../src/iam/deploy-actions.ts";
import { providerRequest } from "./provider-calls.ts";

/** The action of a request as the Terraform provider sends it, signed for `service`. */
const call = (
  service: string,
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body = "",
) => deployActionOf(parseAwsRequest(providerRequest(service, method, url, headers, body)), url, method);

describe("deployActionOf: the IAM action of a Terraform provider call", () => {
  it("names JSON- and query-protocol calls by their operation, with the IAM prefix of the signing name", () => {
    expect(
      call("dynamodb", "POST", "/", { "x-amz-target": "DynamoDB_20120810.DescribeContinuousBackups" }, "{}"),
    ).toBe("dynamodb:DescribeContinuousBackups");
    expect(
      call(
        "iam",
        "POST",
        "/",
        { "content-type": "application/x-www-form-urlencoded" },
        "Action=CreateRole&RoleName=r",
      ),
    ).toBe("iam:CreateRole");
    expect(
      call(
        "monitoring",
        "POST",
        "/",
        { "content-type": "application/x-www-form-urlencoded" },
        "Action=PutMetricAlarm",
      ),
    ).toBe("cloudwatch:PutMetricAlarm");
    expect(
      call("monitoring", "POST", "/service/GraniteServiceVersion20100801/operation/DescribeAlarms"),
    ).toBe("cloudwatch:DescribeAlarms");
  });

  it("names S3 bucket configuration calls by sub-resource, deletes of configurations as puts", () => {
    expect(call("s3", "PUT", "/bucket")).toBe("s3:CreateBucket");
    expect(call("s3", "GET", "/bucket?versioning=")).toBe("s3:GetBucketVersioning");
    expect(call("s3", "PUT", "/bucket?publicAccessBlock=")).toBe("s3:PutBucketPublicAccessBlock");
    expect(call("s3", "DELETE", "/bucket?encryption=")).toBe("s3:PutEncryptionConfiguration");
    expect(call("s3", "DELETE", "/bucket?policy=")).toBe("s3:DeleteBucketPolicy");
    expect(call("s3", "GET", "/bucket?notification=")).toBe("s3:GetBucketNotification");
    expect(call("s3", "HEAD", "/bucket")).toBe("s3:ListBucket");
  });

  it("names Lambda's REST calls by path and method", () => {
    expect(call("lambda", "POST", "/2015-03-31/functions")).toBe("lambda:CreateFunction");
    expect(call("lambda", "GET", "/2015-03-31/functions/fn")).toBe("lambda:GetFunction");
    expect(call("lambda", "PUT", "/2015-03-31/functions/fn/configuration")).toBe(
      "lambda:UpdateFunctionConfiguration",
    );
    expect(call("lambda", "GET", "/2020-06-30/functions/fn/code-signing-config")).toBe(
      "lambda:GetFunctionCodeSigningConfig",
    );
    expect(call("lambda", "DELETE", "/2015-03-31/functions/fn/policy/sid-1")).toBe("lambda:RemovePermission");
    expect(call("lambda", "GET", "/2017-03-31/tags/arn%3Aaws%3Alambda")).toBe("lambda:ListTags");
  });

  it("names the event source mapping calls of aws_lambda_event_source_mapping", () => {
    const mapping = "/2015-03-31/event-source-mappings/6b2b4f2e-1f7a-4c51-9a0e-2f1d3c4b5a69";
    expect(call("lambda", "POST", "/2015-03-31/event-source-mappings/")).toBe(
      "lambda:CreateEventSourceMapping",
    );
    expect(call("lambda", "GET", "/2015-03-31/event-source-mappings/")).toBe(
      "lambda:ListEventSourceMappings",
    );
    expect(call("lambda", "GET", mapping)).toBe("lambda:GetEventSourceMapping");
    expect(call("lambda", "PUT", mapping)).toBe("lambda:UpdateEventSourceMapping");
    expect(call("lambda", "DELETE", mapping)).toBe("lambda:DeleteEventSourceMapping");
    expect(
      call("lambda", "GET", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aeu-west-1%3A1%3Aevent-source-mapping%3Ax"),
    ).toBe("lambda:ListTags");
  });

  it("needs no action for sts:GetCallerIdentity, which AWS answers for any valid credentials", () => {
    expect(
      call(
        "sts",
        "POST",
        "/",
        { "content-type": "application/x-www-form-urlencoded" },
        "Action=GetCallerIdentity",
      ),
    ).toBeUndefined();
    expect(
      call("sts", "POST", "/", { "content-type": "application/x-www-form-urlencoded" }, "Action=AssumeRole"),
    ).toBe("sts:AssumeRole");
  });

  it("names API Gateway management by HTTP method, and an unknown call so that no policy allows it", () => {
    expect(call("apigateway", "POST", "/v2/apis")).toBe("apigateway:POST");
    expect(call("lambda", "GET", "/2015-03-31/layers")).toBe("lambda:?GET /2015-03-31/layers");
  });
});
