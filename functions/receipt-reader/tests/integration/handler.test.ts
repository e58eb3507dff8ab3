import { randomBytes } from "node:crypto";
import { TransientError } from "@shoebox/runtime";
import { lambdaContext, type MotoServer, startMoto, useLocalAws } from "@shoebox/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodingFixture } from "../helpers/documents.ts";
import { bakeryReceipt, dinerReceipt, phonePhoto, smallScan } from "../helpers/receipts.ts";
import { createUploadsBucket, putOriginal, readRequest, UPLOADS_BUCKET } from "../helpers/uploads.ts";

/*
 * The handler as Lambda runs it (unbundled), against a moto S3: the versioned uploads bucket,
 * real rendered receipts, the real OCR engine. Each test uses its own photo id.
 */
const MAX_INPUT_BYTES = 2 * 1024 * 1024;

let moto: MotoServer;
let handler: typeof import("../../src/handler.ts")["handler"];
let stopOcrEngine: typeof import("../../src/ocr-engine.ts")["stopOcrEngine"];
const invoke = (event: unknown) => handler(event, lambdaContext("shoebox-dev-receipt-reader"));
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected the handler to throw"),
    (error: Error) => error,
  );
/** Uploads an original under its photo id, as a client's presigned POST does, and reads it. */
const uploadAndRead = async (photoId: string, original: Uint8Array, contentType: string) => {
  const versionId = await putOriginal(`uploads/Qm9iLXRoZS1idWlsZGVyMQ/${photoId}`, original, contentType);
  return invoke(readRequest(photoId, { versionId, contentType }));
};

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  Object.assign(process.env, { UPLOADS_BUCKET, MAX_INPUT_BYTES: String(MAX_INPUT_BYTES) });
  await createUploadsBucket();
  // The handler reads its configuration and starts the OCR engine as it loads.
  ({ handler } = await import("../../src/handler.ts"));
  ({ stopOcrEngine } = await import("../../src/ocr-engine.ts"));
});

afterAll(async () => {
  await stopOcrEngine?.();
  await moto?.stop();
});

describe("receipt-reader handler", () => {
  it("reads the total, date and currency of a phone photo stored sideways (EXIF orientation)", async () => {
    // Prepare
    const photoId = "01KAXG3W7R5N8ZK4T2B9C6D1E1";
    const versionId = await putOriginal(
      `uploads/Qm9iLXRoZS1idWlsZGVyMQ/${photoId}`,
      await phonePhoto(bakeryReceipt),
      "image/jpeg",
    );

    // Act
    const reading = await invoke(readRequest(photoId, { versionId, contentType: "image/jpeg" }));

    // Assess
    expect(reading).toMatchObject({
      reader: "local",
      total: { value: bakeryReceipt.expected.total },
      date: { value: bakeryReceipt.expected.date },
      currency: { value: bakeryReceipt.expected.currency },
      pages: 1,
    });
  });

  it("reads a small PNG scan, enlarged for OCR", async () => {
    // Prepare
    const photoId = "01KAXG3W7R5N8ZK4T2B9C6D1E2";
    const versionId = await putOriginal(
      `uploads/Qm9iLXRoZS1idWlsZGVyMQ/${photoId}`,
      await smallScan(dinerReceipt),
      "image/png",
    );

    // Act
    const reading = await invoke(readRequest(photoId, { versionId, contentType: "image/png" }));

    // Assess
    expect(reading).toMatchObject({
      total: { value: dinerReceipt.expected.total },
      date: { value: dinerReceipt.expected.date },
      currency: { value: dinerReceipt.expected.currency },
    });
  });

  it("reads the version the workflow names, not a later upload to the same key", async () => {
    // Prepare: the diner receipt first, then the bakery receipt over it
    const photoId = "01KAXG3W7R5N8ZK4T2B9C6D1E3";
    const key = `uploads/Qm9iLXRoZS1idWlsZGVyMQ/${photoId}`;
    const first = await putOriginal(key, await smallScan(dinerReceipt), "image/png");
    await putOriginal(key, await smallScan(bakeryReceipt), "image/png");

    // Act
    const reading = await invoke(readRequest(photoId, { versionId: first, contentType: "image/png" }));

    // Assess
    expect(reading.total?.value).toBe(dinerReceipt.expected.total);
  });

  it("refuses a file larger than MAX_INPUT_BYTES as ReceiptUnreadable", async () => {
    const photoId = "01KAXG3W7R5N8ZK4T2B9C6D1E4";
    const versionId = await putOriginal(
      `uploads/Qm9iLXRoZS1idWlsZGVyMQ/${photoId}`,
      randomBytes(MAX_INPUT_BYTES + 1),
      "image/jpeg",
    );

    const error = await failureOf(invoke(readRequest(photoId, { versionId, contentType: "image/jpeg" })));

    expect(error.name).toBe("ReceiptUnreadable");
    expect(error.message).toMatch(/more than the 2097152 a receipt may have; upload a smaller photo/);
  });

  it("refuses bytes that are no image, whatever their declared type", async () => {
    const error = await failureOf(
      uploadAndRead(
        "01KAXG3W7R5N8ZK4T2B9C6D1E5",
        Buffer.from("TOTAL 12.70, not a photo\n".repeat(50)),
        "image/jpeg",
      ),
    );

    expect([error.name, error.message]).toEqual([
      "ReceiptUnreadable",
      "the receipt's file is not an image; upload a photo of the receipt (JPEG or PNG)",
    ]);
  });

  it("refuses a PDF cut short as damaged, with what to do", async () => {
    const error = await failureOf(
      uploadAndRead(
        "01KAXG3W7R5N8ZK4T2B9C6D1E9",
        Buffer.from("%PDF-1.7 and then nothing\n".repeat(50)),
        "application/pdf",
      ),
    );

    expect([error.name, error.message]).toEqual([
      "ReceiptUnreadable",
      "the PDF is damaged or incomplete and could not be read; upload the original file again",
    ]);
  });

  it("refuses an original that is no longer in the bucket", async () => {
    const error = await failureOf(
      invoke(readRequest("01KAXG3W7R5N8ZK4T2B9C6D1E6", { contentType: "image/jpeg" })),
    );

    expect(error.name).toBe("ReceiptUnreadable");
    expect(error.message).toMatch(/no longer in the uploads bucket/);
  });

  it("refuses an encrypted PDF and one that runs JavaScript, each with its reason", async () => {
    // Act
    const [encrypted, javascript] = await Promise.all([
      failureOf(
        uploadAndRead("01KAXG3W7R5N8ZK4T2B9C6D1EA", decodingFixture("encrypted.pdf"), "application/pdf"),
      ),
      failureOf(
        uploadAndRead("01KAXG3W7R5N8ZK4T2B9C6D1EB", decodingFixture("javascript.pdf"), "application/pdf"),
      ),
    ]);

    // Assess
    expect([encrypted?.name, encrypted?.message]).toEqual([
      "ReceiptUnreadable",
      "the PDF is encrypted: upload it without a password",
    ]);
    expect(javascript?.name).toBe("ReceiptUnreadable");
    expect(javascript?.message).toMatch(/JavaScript.*: upload a plain PDF of the receipt/i);
  });

  it("refuses a type that is no receipt before downloading it", async () => {
    const error = await failureOf(
      invoke(readRequest("01KAXG3W7R5N8ZK4T2B9C6D1E7", { contentType: "image/svg+xml" })),
    );

    expect(error.name).toBe("ReceiptUnreadable");
    expect(error.message).toMatch(/^a file of type "image\/svg\+xml" is not a receipt image/);
  });

  it("refuses a payload that names no original", async () => {
    const error = await failureOf(
      invoke({ ownerId: "Qm9iLXRoZS1idWlsZGVyMQ", photoId: "01KAXG3W7R5N8ZK4T2B9C6D1E8" }),
    );

    expect(error.name).toBe("ReceiptUnreadable");
  });
});

describe("readOriginal on S3 trouble", () => {
  it("turns an S3 error that is not the receipt's fault into a TransientError, to be retried", async () => {
    const { readOriginal } = await import("@shoebox/receipt-reading");

    const error = await failureOf(readOriginal("no-such-bucket", { key: "uploads/x/y" }, MAX_INPUT_BYTES));

    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(/^reading s3:\/\/no-such-bucket\/uploads\/x\/y failed \(NoSuchBucket/);
  });
});
