import { describe, expect, it } from "vitest";
import { S3NotificationBodySchema } from "../src/index.ts";

describe("S3NotificationBodySchema", () => {
  it("accepts the test event S3 sends when a notification is configured", () => {
    const body = {
      Service: "Amazon S3",
      Event: "s3:TestEvent",
      Time: "2026-11-24T10:00:00.000Z",
      Bucket: "uploads",
      RequestId: "1",
      HostId: "2",
    };

    expect(S3NotificationBodySchema.parse(body)).toMatchObject({ Event: "s3:TestEvent" });
  });

  it("refuses a body that is neither an S3 event nor the test event", () => {
    expect(S3NotificationBodySchema.safeParse({ Records: [] }).success).toBe(false);
  });
});
