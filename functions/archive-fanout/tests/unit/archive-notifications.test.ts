import { objectsInNotification } from "@shoebox/runtime";
import { ArchiveKeySchema, archiveKey, S3NotificationRecordSchema } from "@shoebox/schemas";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { archivesQueueEvent, loadEvent } from "../helpers/events.ts";

const OWNER = "Zk3vQ9x_T2mB-8pLwYc1Ra";
const BATCH = "01JDQ7Z8K4M2N5P6Q7R8S9T0VW";

const bodyOf = (event: SQSEvent) => S3NotificationRecordSchema.parse(event.Records[0]).body;

describe("ArchiveKeySchema", () => {
  it("parses owner and batch out of archives/{ownerId}/{batchId}", () => {
    expect(ArchiveKeySchema.parse(archiveKey(OWNER, BATCH))).toEqual({
      key: `archives/${OWNER}/${BATCH}`,
      ownerId: OWNER,
      batchId: BATCH,
    });
  });

  it.each([
    `uploads/${OWNER}/${BATCH}`,
    `archives/${OWNER}/${BATCH}/extra`,
    `archives/${OWNER}/not-a-ulid`,
    `archives/short/${BATCH}`,
    `archives/${OWNER}`,
  ])("refuses %s", (key) => {
    expect(ArchiveKeySchema.safeParse(key).success).toBe(false);
  });
});

describe("objectsInNotification with ArchiveKeySchema", () => {
  it("names the archive of the fixture event", () => {
    expect(
      objectsInNotification(
        bodyOf(loadEvent("sqs/s3-archive-created")),
        "shoebox-dev-uploads",
        ArchiveKeySchema,
      ),
    ).toEqual([{ key: `archives/${OWNER}/${BATCH}`, ownerId: OWNER, batchId: BATCH }]);
  });

  it("skips the s3:TestEvent, other buckets and keys that are not archives", () => {
    expect(
      objectsInNotification(bodyOf(loadEvent("sqs/s3-test-event")), "shoebox-dev-uploads", ArchiveKeySchema),
    ).toEqual([]);
    const foreign = archivesQueueEvent(`archives/${OWNER}/${BATCH}`, "someone-elses-bucket");
    expect(objectsInNotification(bodyOf(foreign), "shoebox-dev-uploads", ArchiveKeySchema)).toEqual([]);
    const upload = archivesQueueEvent(`uploads/${OWNER}/${BATCH}`);
    expect(objectsInNotification(bodyOf(upload), "shoebox-dev-uploads", ArchiveKeySchema)).toEqual([]);
  });
});
