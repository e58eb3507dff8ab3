import { ConfigurationError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { loadReceiptStarterConfig } from "../../src/config.ts";

describe("loadReceiptStarterConfig", () => {
  it("reads the workflow and the photos table", () => {
    const receiptWorkflowArn =
      "arn:aws:states:us-east-1:123456789012:stateMachine:shoebox-dev-receipt-workflow";
    expect(
      loadReceiptStarterConfig({ RECEIPT_WORKFLOW_ARN: receiptWorkflowArn, PHOTOS_TABLE: "photos" }),
    ).toEqual({
      receiptWorkflowArn,
      photosTable: "photos",
    });
  });

  it("fails fast, naming every missing variable", () => {
    expect(() => loadReceiptStarterConfig({})).toThrow(ConfigurationError);
    expect(() => loadReceiptStarterConfig({})).toThrow(/RECEIPT_WORKFLOW_ARN.*PHOTOS_TABLE/);
  });
});
