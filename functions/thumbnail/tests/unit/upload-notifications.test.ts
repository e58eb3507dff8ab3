import { objectsInNotification } from "@shoebox/runtime";
import { S3NotificationRecordSchema, UploadKeySchema } from "@shoebox/schemas";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { loadEvent, uploadsQueueEvent } from "../helpers/events.ts";

const UPLOADS_BUCKET = "shoebox-dev-uploads";

/** The parsed body of the first record of an SQS event, as the handler receives it. */
const notificationOf = (event: SQSEvent) => S3NotificationRecordSchema.parse(event.Records[0]).body;

describe("objectsInNotification with UploadKeySchema", () => {
  it("names the owner and photo of an upload", () => {
    const notification = notificationOf(loadEvent("sqs/s3-object-created"));
    expect(objectsInNotification(notification, UPLOADS_BUCKET, UploadKeySchema)).toEqual([
      {
        key: "uploads/Zk3vQ9x_T2mB-8pLwYc1Ra/01JDQ7Z8K4M2N5P6Q7R8S9T0VW",
        ownerId: "Zk3vQ9x_T2mB-8pLwYc1Ra",
        photoId: "01JDQ7Z8K4M2N5P6Q7R8S9T0VW",
      },
    ]);
  });

  it("decodes the URL-encoded key before matching it", () => {
    // Prepare: our keys have nothing S3 would encode, so encode a character by hand.
    const event = uploadsQueueEvent(["uploads/Zk3vQ9x_T2mB-8pLwYc1Ra/01JDQ7Z8K4M2N5P6Q7R8S9T0VW"]);
    const record = event.Records[0];
    if (!record) throw new Error("no record");
    record.body = record.body.replace("uploads/Zk3vQ9x", "uploads%2FZk3vQ9x");

    // Act
    const uploads = objectsInNotification(notificationOf(event), UPLOADS_BUCKET, UploadKeySchema);

    // Assess
    expect(uploads.map((upload) => upload.photoId)).toEqual(["01JDQ7Z8K4M2N5P6Q7R8S9T0VW"]);
  });

  it("skips a key outside uploads/{ownerId}/{photoId}", () => {
    const notification = notificationOf(loadEvent("sqs/s3-object-created-foreign-key"));
    expect(objectsInNotification(notification, UPLOADS_BUCKET, UploadKeySchema)).toEqual([]);
  });

  it("skips the s3:TestEvent", () => {
    const notification = notificationOf(loadEvent("sqs/s3-test-event"));
    expect(objectsInNotification(notification, UPLOADS_BUCKET, UploadKeySchema)).toEqual([]);
  });

  it("skips other buckets and events other than ObjectCreated", () => {
    const notification = notificationOf(loadEvent("sqs/s3-object-created"));
    expect(objectsInNotification(notification, "someone-elses-bucket", UploadKeySchema)).toEqual([]);

    if (!("Records" in notification) || !notification.Records[0]) throw new Error("not an object event");
    notification.Records[0].eventName = "ObjectRemoved:Delete";
    expect(objectsInNotification(notification, UPLOADS_BUCKET, UploadKeySchema)).toEqual([]);
  });
});
