import { describe, expect, it } from "vitest";
import { checkPostPolicy } from "../../src/iam/post-policy.ts";

/*
 * The form uploads-api's presigned POST gives a browser (s3-presigned-post's shape: one exact
 * condition per field it sets, plus ours: a size range and the content type), as S3 checks it.
 */
const now = new Date("2026-12-02T12:00:00Z");
const fieldsOf = (overrides: { expiration?: string; key?: string } = {}) => {
  const fields: Record<string, string> = {
    bucket: "uploads",
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": "ASIAKEY/20261202/eu-west-1/s3/aws4_request",
    "X-Amz-Date": "20261202T115900Z",
    "X-Amz-Security-Token": "token",
    key: "uploads/owner/photo-1",
    "Content-Type": "image/jpeg",
  };
  const conditions = [
    ...Object.entries(fields).map(([name, value]) => ({ [name]: value })),
    ["content-length-range", 1, 1000],
    ["eq", "$Content-Type", "image/jpeg"],
  ];
  const expiration = overrides.expiration ?? "2026-12-02T12:15:00Z";
  const { bucket: _bucket, ...form } = fields;
  return {
    ...form,
    ...(overrides.key ? { key: overrides.key } : {}),
    Policy: Buffer.from(JSON.stringify({ expiration, conditions })).toString("base64"),
    "X-Amz-Signature": "abc",
  } as Record<string, string>;
};
const withFile = (form: Record<string, string>, size: number): Record<string, string> => ({
  ...form,
  "$file-size": String(size),
  "$file-name": "a.jpg",
});

describe("checkPostPolicy, as S3 checks a browser POST", () => {
  it("accepts the form it was signed for, with a file inside the size range", () => {
    expect(checkPostPolicy(withFile(fieldsOf(), 1000), "uploads", now)).toBeUndefined();
  });

  it("refuses a file over the range as EntityTooLarge (400) and an empty one as EntityTooSmall", () => {
    expect(checkPostPolicy(withFile(fieldsOf(), 1001), "uploads", now)).toMatchObject({
      status: 400,
      code: "EntityTooLarge",
    });
    expect(checkPostPolicy(withFile(fieldsOf(), 0), "uploads", now)).toMatchObject({
      status: 400,
      code: "EntityTooSmall",
    });
  });

  it("refuses an expired policy", () => {
    const refusal = checkPostPolicy(
      withFile(fieldsOf({ expiration: "2026-12-02T11:59:59Z" }), 10),
      "uploads",
      now,
    );
    expect(refusal).toEqual({
      status: 403,
      code: "AccessDenied",
      message: "Invalid according to Policy: Policy expired.",
    });
  });

  it("refuses another key, another content type and another bucket", () => {
    expect(
      checkPostPolicy(withFile(fieldsOf({ key: "uploads/other/photo-2" }), 10), "uploads", now)?.message,
    ).toMatch(/Policy Condition failed: \["eq", "\$key", "uploads\/owner\/photo-1"\]/);
    const retyped = { ...withFile(fieldsOf(), 10), "Content-Type": "text/html" };
    expect(checkPostPolicy(retyped, "uploads", now)?.code).toBe("AccessDenied");
    expect(checkPostPolicy(withFile(fieldsOf(), 10), "thumbnails", now)?.message).toMatch(/\$bucket/);
  });

  it("refuses a field the policy does not cover, but not x-ignore- fields", () => {
    const extra = { ...withFile(fieldsOf(), 10), acl: "public-read" };
    expect(checkPostPolicy(extra, "uploads", now)?.message).toBe(
      "Invalid according to Policy: Extra input fields: acl",
    );
    expect(
      checkPostPolicy({ ...withFile(fieldsOf(), 10), "x-ignore-note": "n" }, "uploads", now),
    ).toBeUndefined();
  });

  it("refuses a form without a policy", () => {
    const { Policy: _policy, ...unsigned } = withFile(fieldsOf(), 10);
    expect(checkPostPolicy(unsigned, "uploads", now)?.code).toBe("AccessDenied");
  });
});
