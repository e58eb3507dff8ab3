import { ArchiveKeySchema, ArchivesQueueRecordSchema, archiveKey } from "@shoebox/schemas";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { archivesInRecord } from "../../src/continuation.ts";
import { archivesQueueEvent, loadEvent } from "../helpers/events.ts";

const OWNER = "Zk3vQ9x_T2mB-8pLwYc1Ra";
const BATCH = "01JDQ7Z8K4M2N5P6Q7R8S9T0VW";
const BUCKET = "shoebox-dev-uploads";

const archivesOf = (event: SQSEvent) =>
  archivesInRecord(ArchivesQueueRecordSchema.parse(event.Records[0]).body, BUCKET).map(
    ({ key, ownerId, batchId }) => ({ key, ownerId, batchId }),
  );

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

describe("archivesInRecord on the archives queue", () => {
  it("names the archive of the fixture S3 notification", () => {
    expect(archivesOf(loadEvent("sqs/s3-archive-created"))).toEqual([
      { key: `archives/${OWNER}/${BATCH}`, ownerId: OWNER, batchId: BATCH },
    ]);
  });

  it("names the archive of the fixture continuation", () => {
    expect(archivesOf(loadEvent("sqs/archive-continuation"))).toEqual([
      { key: `archives/${OWNER}/${BATCH}`, ownerId: OWNER, batchId: BATCH },
    ]);
  });

  it("skips the s3:TestEvent, other buckets and keys that are not archives", () => {
    expect(archivesOf(loadEvent("sqs/s3-test-event"))).toEqual([]);
    expect(archivesOf(archivesQueueEvent(`archives/${OWNER}/${BATCH}`, "someone-elses-bucket"))).toEqual([]);
    expect(archivesOf(archivesQueueEvent(`uploads/${OWNER}/${BATCH}`))).toEqual([]);
  });

  it("refuses a continuation of anything but an archive key, or with more in it", () => {
    const [record] = loadEvent<SQSEvent>("sqs/archive-continuation").Records;
    const withBody = (body: unknown) => ({ ...record, body: JSON.stringify(body) });

    expect(
      ArchivesQueueRecordSchema.safeParse(withBody({ continueArchive: `uploads/${OWNER}/${BATCH}` })).success,
    ).toBe(false);
    expect(
      ArchivesQueueRecordSchema.safeParse(
        withBody({ continueArchive: archiveKey(OWNER, BATCH), nextEntry: 5 }),
      ).success,
    ).toBe(false);
  });
});
