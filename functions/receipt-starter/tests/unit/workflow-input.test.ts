import { readFileSync } from "node:fs";
import { type PhotoItem, PhotoProcessedRecordSchema, ReceiptWorkflowInputSchema } from "@shoebox/schemas";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { workflowInput } from "../../src/workflow-input.ts";

const [record] = (
  JSON.parse(
    readFileSync(new URL("../events/sqs/photo-processed-receipt.json", import.meta.url), "utf8"),
  ) as SQSEvent
).Records;
const message = PhotoProcessedRecordSchema.parse(record).body;
const photo: PhotoItem = {
  ownerId: message.ownerId,
  photoId: message.photoId,
  kind: "receipt",
  status: "PROCESSED",
  uploadKey: `uploads/${message.ownerId}/${message.photoId}`,
  originalVersionId: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
  contentType: "image/jpeg",
  receipt: { merchant: "Café Central", date: "2026-11-20", total: 12.5, currency: "EUR" },
  createdAt: "2026-11-24T09:29:58.000Z",
  updatedAt: "2026-11-24T09:30:02.000Z",
};

describe("workflowInput", () => {
  it("builds a one-item list from the message and the photo's receipt hints, valid for the workflow", () => {
    const input = workflowInput(message, photo);

    expect(ReceiptWorkflowInputSchema.parse(input)).toEqual(input);
    expect(input).toEqual({
      receipts: [
        {
          ownerId: message.ownerId,
          photoId: message.photoId,
          batchId: message.batchId,
          original: {
            key: `uploads/${message.ownerId}/${message.photoId}`,
            versionId: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
            contentType: "image/jpeg",
          },
          sha256: message.image.sha256,
          uploadedAt: "2026-11-24T09:29:58.000Z",
          receipt: photo.receipt,
        },
      ],
    });
  });

  it("builds the very same input twice, so a redelivered message is an idempotent StartExecution", () => {
    expect(JSON.stringify(workflowInput(message, photo))).toBe(JSON.stringify(workflowInput(message, photo)));
  });

  it("names the original as the thumbnail function decided on it: key, version and declared type", () => {
    const { originalVersionId: _version, contentType: _type, ...unversioned } = photo;

    expect(workflowInput(message, unversioned).receipts[0]?.original).toEqual({
      key: photo.uploadKey,
      contentType: "application/octet-stream",
    });
  });

  it("passes empty hints when the uploader gave none: Extract reads the fields, Validate checks them", () => {
    const { receipt: _hints, ...withoutHints } = photo;

    expect(workflowInput(message, withoutHints).receipts[0]?.receipt).toEqual({});
  });

  it("carries the upload's correlation id from the photo item, and none for an item older than them", () => {
    const input = workflowInput(message, { ...photo, correlationId: "Hk3nXj1moAMEYxw=" });

    expect(ReceiptWorkflowInputSchema.parse(input).receipts[0]?.correlationId).toBe("Hk3nXj1moAMEYxw=");
    expect(workflowInput(message, photo).receipts[0]).not.toHaveProperty("correlationId");
  });
});
