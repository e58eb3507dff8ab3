import { PutBucketVersioningCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { AnalyzeExpenseCommand, TextractClient } from "@aws-sdk/client-textract";
import { s3Client } from "@shoebox/runtime";
import { createBucket, type MotoServer, startMoto, useLocalAws } from "@shoebox/testing";
import { mockClient } from "aws-sdk-client-mock";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { analyzeExpense, type ExpenseRequest } from "../../src/analyze-expense.ts";
import { TEXTRACT_MAX_DOCUMENT_BYTES } from "../../src/textract-jpeg.ts";
import { bakeryHeic, sidewaysWebp } from "../helpers/images.ts";

/*
 * The conversion path end to end but for Textract: the original in a versioned moto bucket, read
 * at its version, decoded and encoded for real; Textract mocked, so its input can be inspected.
 */
const UPLOADS_BUCKET = "shoebox-dev-uploads";
const limits = { maxInputBytes: 2 * 1024 * 1024, maxInputPixels: 50_000_000, maxDecodeBytes: 512 << 20 };

const textract = mockClient(TextractClient);
let moto: MotoServer;

const putOriginal = async (key: string, body: Uint8Array, contentType: string): Promise<string> => {
  const { VersionId } = await s3Client().send(
    new PutObjectCommand({ Bucket: UPLOADS_BUCKET, Key: key, Body: body, ContentType: contentType }),
  );
  return VersionId ?? "";
};
const request = (key: string, version: string, contentType: string): ExpenseRequest => ({
  object: { Bucket: UPLOADS_BUCKET, Name: key, Version: version },
  contentType,
  limits,
  remainingMs: () => 60_000,
  pollMs: 1,
});
const sentBytes = (): Uint8Array => {
  const document = textract.commandCalls(AnalyzeExpenseCommand)[0]?.args[0].input.Document;
  expect(document?.S3Object).toBeUndefined();
  return document?.Bytes ?? new Uint8Array();
};

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  await createBucket(UPLOADS_BUCKET);
  await s3Client().send(
    new PutBucketVersioningCommand({
      Bucket: UPLOADS_BUCKET,
      VersioningConfiguration: { Status: "Enabled" },
    }),
  );
});

afterAll(async () => {
  await moto?.stop();
});

beforeEach(() => {
  textract.reset();
  textract.on(AnalyzeExpenseCommand).resolves({ ExpenseDocuments: [] });
});

describe("analyzeExpense on an image Textract does not read", () => {
  it.each([
    ["a HEIC", "image/heic", bakeryHeic],
    ["a WebP", "image/webp", () => sidewaysWebp(3000, 1000)],
  ])("sends %s to Textract as JPEG bytes under 5 MB", async (_name, contentType, original) => {
    // Prepare
    const key = `uploads/owner/${contentType.replace("/", "-")}`;
    const version = await putOriginal(key, await original(), contentType);

    // Act
    await analyzeExpense(new TextractClient({}), request(key, version, contentType));

    // Assess
    const bytes = sentBytes();
    expect((await sharp(bytes).metadata()).format).toBe("jpeg");
    expect(bytes.byteLength).toBeLessThanOrEqual(TEXTRACT_MAX_DOCUMENT_BYTES);
  });

  it("reads the version the workflow names, not a later upload to the same key", async () => {
    const key = "uploads/owner/replaced";
    const version = await putOriginal(key, await sidewaysWebp(900, 300), "image/webp");
    await putOriginal(key, await sidewaysWebp(600, 200), "image/webp");

    await analyzeExpense(new TextractClient({}), request(key, version, "image/webp"));

    // Sideways: the 900 x 300 original is 300 x 900 upright.
    expect(await sharp(sentBytes()).metadata()).toMatchObject({ width: 300, height: 900 });
  });

  it("refuses an original that is gone as unreadable, without calling Textract", async () => {
    await expect(
      analyzeExpense(new TextractClient({}), request("uploads/owner/never-uploaded", "", "image/heic")),
    ).rejects.toMatchObject({ name: "ReceiptUnreadable", message: expect.stringContaining("no longer") });
    expect(textract.calls()).toHaveLength(0);
  });

  it("refuses an original larger than MAX_INPUT_BYTES as unreadable, without calling Textract", async () => {
    const key = "uploads/owner/too-large";
    const version = await putOriginal(key, new Uint8Array(limits.maxInputBytes + 1), "image/webp");

    await expect(
      analyzeExpense(new TextractClient({}), request(key, version, "image/webp")),
    ).rejects.toMatchObject({ name: "ReceiptUnreadable", message: expect.stringContaining("bytes") });
    expect(textract.calls()).toHaveLength(0);
  });

  it("refuses an image over the pixel limit as unreadable, without calling Textract", async () => {
    const key = "uploads/owner/too-many-pixels";
    const version = await putOriginal(key, await bakeryHeic(), "image/heic");

    await expect(
      analyzeExpense(new TextractClient({}), {
        ...request(key, version, "image/heic"),
        limits: { ...limits, maxInputPixels: 10_000 },
      }),
    ).rejects.toMatchObject({ name: "ReceiptUnreadable" });
    expect(textract.calls()).toHaveLength(0);
  });

  it("answers Textract's refusal of the converted bytes as unreadable", async () => {
    textract
      .on(AnalyzeExpenseCommand)
      .rejects(Object.assign(new Error("bad"), { name: "BadDocumentException" }));
    const key = "uploads/owner/bad-document";
    const version = await putOriginal(key, await bakeryHeic(), "image/heic");

    await expect(
      analyzeExpense(new TextractClient({}), request(key, version, "image/heic")),
    ).rejects.toMatchObject({ name: "ReceiptUnreadable" });
  });
});
