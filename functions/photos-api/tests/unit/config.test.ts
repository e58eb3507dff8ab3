import { ConfigurationError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { loadPhotosApiConfig } from "../../src/config.ts";

const WORKFLOW = "arn:aws:states:eu-west-1:123456789012:stateMachine:shoebox-dev-receipt-workflow";
const required = {
  PHOTOS_TABLE: "shoebox-dev-photos",
  BATCHES_TABLE: "shoebox-dev-batches",
  UPLOADS_BUCKET: "shoebox-dev-uploads",
  THUMBNAILS_BUCKET: "shoebox-dev-thumbnails",
  THUMBNAIL_SIZES: "small:160,medium:640",
  RECEIPT_WORKFLOW_ARN: WORKFLOW,
  LIMITS_TABLE: "shoebox-dev-limits",
};

describe("loadPhotosApiConfig", () => {
  it("reads the tables, buckets, sizes and workflow, with 5-minute links and 10 requests a second (burst 20) by default", () => {
    expect(loadPhotosApiConfig(required)).toEqual({
      photosTable: "shoebox-dev-photos",
      batchesTable: "shoebox-dev-batches",
      uploadsBucket: "shoebox-dev-uploads",
      thumbnailsBucket: "shoebox-dev-thumbnails",
      thumbnailSizes: [
        { name: "medium", maxDimension: 640 },
        { name: "small", maxDimension: 160 },
      ],
      receiptWorkflowArn: WORKFLOW,
      linkSeconds: 300,
      requestLimit: { table: "shoebox-dev-limits", perSecond: 10, burst: 20 },
    });
  });

  it("takes 0 requests a second as no limit", () => {
    expect(loadPhotosApiConfig({ ...required, USER_REQUESTS_PER_SECOND: "0" }).requestLimit.perSecond).toBe(
      0,
    );
  });

  it("refuses thumbnail sizes the thumbnail function would refuse", () => {
    expect(() => loadPhotosApiConfig({ ...required, THUMBNAIL_SIZES: "small:160" })).toThrow(
      /THUMBNAIL_SIZES.*small and medium/,
    );
  });

  it("fails fast, naming every missing variable", () => {
    const { PHOTOS_TABLE, LIMITS_TABLE, ...incomplete } = required;
    expect(() => loadPhotosApiConfig(incomplete)).toThrow(ConfigurationError);
    expect(() => loadPhotosApiConfig(incomplete)).toThrow(/PHOTOS_TABLE.*LIMITS_TABLE/);
  });
});
