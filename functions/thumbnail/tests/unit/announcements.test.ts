import type { PhotoItem } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { photoEventMessage } from "../../src/announcements.ts";

const pending: PhotoItem = {
  ownerId: "Zk3vQ9x_T2mB-8pLwYc1Ra",
  photoId: "01JDQ7Z8K4M2N5P6Q7R8S9T0VW",
  batchId: "01JDQ7Z8K4M2N5P6Q7R8S9T0AB",
  kind: "receipt",
  status: "PENDING",
  uploadKey: "uploads/Zk3vQ9x_T2mB-8pLwYc1Ra/01JDQ7Z8K4M2N5P6Q7R8S9T0VW",
  createdAt: "2025-11-24T10:15:00.000Z",
  updatedAt: "2025-11-24T10:15:00.000Z",
};

describe("photoEventMessage", () => {
  it("announces a PROCESSED photo as photo.processed, dated by the decision", () => {
    // Prepare
    const processed: PhotoItem = {
      ...pending,
      status: "PROCESSED",
      updatedAt: "2025-11-24T10:15:31.000Z",
      image: { width: 600, height: 400, format: "jpeg", bytes: 46618, sha256: "ab".repeat(32) },
      thumbnails: { small: "thumbnails/Zk3vQ9x_T2mB-8pLwYc1Ra/01JDQ7Z8K4M2N5P6Q7R8S9T0VW/small.webp" },
    };

    // Act
    const message = photoEventMessage(processed);

    // Assess
    expect(message).toEqual({
      eventType: "photo.processed",
      ownerId: processed.ownerId,
      photoId: processed.photoId,
      batchId: processed.batchId,
      kind: "receipt",
      image: processed.image,
      thumbnails: processed.thumbnails,
      occurredAt: "2025-11-24T10:15:31.000Z",
    });
  });

  it("announces a FAILED photo as photo.failed with its code and reason", () => {
    const failed: PhotoItem = {
      ...pending,
      status: "FAILED",
      failureCode: "CORRUPT_IMAGE",
      failureReason: "the image could not be decoded",
    };
    expect(photoEventMessage(failed)).toMatchObject({
      eventType: "photo.failed",
      failureCode: "CORRUPT_IMAGE",
      failureReason: "the image could not be decoded",
    });
  });

  it("refuses to announce a PENDING photo", () => {
    expect(() => photoEventMessage(pending)).toThrow(/PENDING/);
  });

  it("refuses a PROCESSED item without its facts instead of sending an invalid message", () => {
    expect(() => photoEventMessage({ ...pending, status: "PROCESSED" })).toThrow();
  });
});
