import {
  AnalyzeExpenseCommand,
  GetExpenseAnalysisCommand,
  StartExpenseAnalysisCommand,
  TextractClient,
} from "@aws-sdk/client-textract";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { analyzeExpense, type ExpenseRequest } from "../../src/analyze-expense.ts";

const textract = mockClient(TextractClient);
const object = { Bucket: "uploads", Name: "uploads/owner/photo", Version: "v1" };
const request = (contentType: string, remainingMs = 60_000): ExpenseRequest => ({
  object,
  contentType,
  // The converted types read S3 (tests/integration); these limits are never reached here.
  limits: { maxInputBytes: 1, maxInputPixels: 1, maxDecodeBytes: 1 },
  remainingMs: () => remainingMs,
  pollMs: 1,
});
const total = (text: string) => ({
  Type: { Text: "TOTAL", Confidence: 99 },
  ValueDetection: { Text: text, Confidence: 98 },
  PageNumber: 1,
});
const textractError = (name: string) => Object.assign(new Error(name), { name });

beforeEach(() => textract.reset());

describe("analyzeExpense", () => {
  it("reads an image where it lies in S3, at the version the workflow names", async () => {
    textract.on(AnalyzeExpenseCommand).resolves({ ExpenseDocuments: [{ SummaryFields: [total("$5.50")] }] });

    const response = await analyzeExpense(new TextractClient({}), request("image/jpeg"));

    expect(textract.commandCalls(AnalyzeExpenseCommand)[0]?.args[0].input).toEqual({
      Document: { S3Object: object },
    });
    expect(response.ExpenseDocuments?.[0]?.SummaryFields).toEqual([total("$5.50")]);
  });

  it("reads a PDF with an asynchronous job, waiting for it and gathering every result page", async () => {
    textract.on(StartExpenseAnalysisCommand).resolves({ JobId: "job-1" });
    textract
      .on(GetExpenseAnalysisCommand)
      .resolvesOnce({ JobStatus: "IN_PROGRESS" })
      .resolvesOnce({
        JobStatus: "SUCCEEDED",
        DocumentMetadata: { Pages: 2 },
        ExpenseDocuments: [{ ExpenseIndex: 1 }],
        NextToken: "more",
      })
      .resolvesOnce({
        JobStatus: "SUCCEEDED",
        DocumentMetadata: { Pages: 2 },
        ExpenseDocuments: [{ ExpenseIndex: 2 }],
      });

    const response = await analyzeExpense(new TextractClient({}), request("application/pdf"));

    expect(textract.commandCalls(StartExpenseAnalysisCommand)[0]?.args[0].input).toEqual({
      DocumentLocation: { S3Object: object },
    });
    expect(
      textract.commandCalls(GetExpenseAnalysisCommand).map((call) => call.args[0].input.NextToken),
    ).toEqual([undefined, undefined, "more"]);
    expect(response).toEqual({
      DocumentMetadata: { Pages: 2 },
      ExpenseDocuments: [{ ExpenseIndex: 1 }, { ExpenseIndex: 2 }],
    });
  });

  it("gives a job that outlasts the invocation back to the workflow as throttled, to be retried", async () => {
    textract.on(StartExpenseAnalysisCommand).resolves({ JobId: "job-1" });
    textract.on(GetExpenseAnalysisCommand).resolves({ JobStatus: "IN_PROGRESS" });

    await expect(
      analyzeExpense(new TextractClient({}), request("application/pdf", 3000)),
    ).rejects.toMatchObject({
      name: "ReceiptReader.Throttled",
    });
  });

  it("refuses a type that is no receipt's as unreadable, without calling Textract", async () => {
    await expect(analyzeExpense(new TextractClient({}), request("image/svg+xml"))).rejects.toMatchObject({
      name: "ReceiptUnreadable",
      message: expect.stringContaining("not a receipt image"),
    });
    expect(textract.calls()).toHaveLength(0);
  });

  it.each([
    ["ThrottlingException", "ReceiptReader.Throttled"],
    ["ProvisionedThroughputExceededException", "ReceiptReader.Throttled"],
    ["BadDocumentException", "ReceiptUnreadable"],
    ["UnsupportedDocumentException", "ReceiptUnreadable"],
    ["AccessDeniedException", "AccessDeniedException"],
  ])("answers Textract's %s as %s", async (thrown, name) => {
    textract.on(AnalyzeExpenseCommand).rejects(textractError(thrown));

    await expect(analyzeExpense(new TextractClient({}), request("image/png"))).rejects.toMatchObject({
      name,
    });
  });

  it("reports a failed job as unreadable with Textract's reason", async () => {
    textract.on(StartExpenseAnalysisCommand).resolves({ JobId: "job-1" });
    textract
      .on(GetExpenseAnalysisCommand)
      .resolves({ JobStatus: "FAILED", StatusMessage: "encrypted document" });

    await expect(analyzeExpense(new TextractClient({}), request("application/pdf"))).rejects.toMatchObject({
      name: "ReceiptUnreadable",
      message: expect.stringContaining("encrypted document"),
    });
  });
});
