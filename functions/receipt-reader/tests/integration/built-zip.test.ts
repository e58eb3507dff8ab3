import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type MotoServer, startMoto, useLocalAws } from "@shoebox/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFunctionZip } from "../../../../scripts/build/function-zip.mjs";
import { listFunctions } from "../../../../scripts/build/functions.mjs";
import { hostTarget } from "../../../../scripts/build/target.mjs";
import { invokeInFreshProcess, lambdaLikeEnv } from "../../../../scripts/smoke/fresh-process.mjs";
import { extractZip } from "../../../../scripts/smoke/unzip.mjs";
import { decodingFixture, heicReceipt, textPdfReceipt } from "../helpers/documents.ts";
import { bakeryReceipt, phonePhoto } from "../helpers/receipts.ts";
import { createUploadsBucket, putOriginal, readRequest, UPLOADS_BUCKET } from "../helpers/uploads.ts";

/*
 * The zip `make build` ships, built exactly as scripts/build.mjs builds it (into a scratch
 * folder), unzipped where no node_modules up the tree can stand in for a missing file, and run
 * in a fresh Node 22 process as Lambda runs it, with no network but this machine's loopback
 * (scripts/smoke/offline.mjs), where moto plays S3.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const MIB = 1024 * 1024;

let moto: MotoServer;
let scratchDir: string;
let built: Awaited<ReturnType<typeof buildFunctionZip>>;
let taskDir: string;
let entries: { name: string; size: number }[];

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  await createUploadsBucket();
  scratchDir = await mkdtemp(path.join(tmpdir(), "receipt-reader-zip-"));
  const fn = listFunctions(repoRoot).find((candidate) => candidate.name === "receipt-reader");
  if (!fn) throw new Error("functions/receipt-reader is not a function package");
  built = await buildFunctionZip({ repoRoot, distDir: scratchDir, fn, target: hostTarget() });
  taskDir = path.join(scratchDir, "task");
  entries = await extractZip(path.join(scratchDir, "receipt-reader.zip"), taskDir);
});

afterAll(async () => {
  await moto?.stop();
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
});

/** Puts an original in moto's bucket and has the unzipped function read it, as Lambda runs it. */
const readInFreshProcess = async (photoId: string, original: Uint8Array, contentType: string) => {
  const versionId = await putOriginal(`uploads/Qm9iLXRoZS1idWlsZGVyMQ/${photoId}`, original, contentType);
  return invokeInFreshProcess({
    taskDir,
    functionName: "receipt-reader",
    event: readRequest(photoId, { versionId, contentType }),
    env: lambdaLikeEnv("receipt-reader", {
      UPLOADS_BUCKET,
      MAX_INPUT_BYTES: String(25 * MIB),
      AWS_ENDPOINT_URL: moto.endpoint,
      S3_FORCE_PATH_STYLE: "true",
      POWERTOOLS_LOG_LEVEL: "WARN",
    }),
    timeoutMs: 30_000,
  });
};

describe("dist/receipt-reader.zip", () => {
  it("holds the OCR engine and the LSTM traineddata, and nothing of either it never loads", () => {
    const names = entries.map((entry) => entry.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "index.mjs",
        "node_modules/tesseract.js/src/worker-script/node/index.js",
        "node_modules/tesseract.js-core/tesseract-core-relaxedsimd.js",
        "node_modules/tesseract.js-core/tesseract-core-relaxedsimd.wasm",
        "node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz",
        "node_modules/sharp/package.json",
      ]),
    );
    const neverLoaded = names.filter(
      (name) =>
        name.startsWith("node_modules/@tesseract.js-data/eng/4.0.0/") ||
        name.startsWith("node_modules/tesseract.js/dist/") ||
        /-lstm\.(js|wasm)$|\.wasm\.js$/.test(name),
    );
    expect(neverLoaded).toEqual([]);
    expect(built.packages).toEqual(
      expect.arrayContaining(["sharp", "tesseract.js", "@tesseract.js-data/eng"]),
    );
  });

  it("stays far inside Lambda's limits: 50 MB zipped, 250 MB unzipped", () => {
    const unzipped = entries.reduce((sum, entry) => sum + entry.size, 0);
    expect(built.bytes).toBeLessThan(25 * MIB);
    expect(unzipped).toBeLessThan(60 * MIB);
  });

  it("reads a rendered receipt from S3 in a fresh Node 22 process, with nothing fetched from the network", async () => {
    // Act
    const run = await readInFreshProcess(
      "01KAXG3W7R5N8ZK4T2B9C6D1F1",
      await phonePhoto(bakeryReceipt),
      "image/jpeg",
    );

    // Assess
    expect(run.networkRefusals).toEqual([]);
    expect(run.error).toBeUndefined();
    expect(run.stage).toBe("done");
    expect(run.result).toMatchObject({
      reader: "local",
      total: { value: bakeryReceipt.expected.total },
      date: { value: bakeryReceipt.expected.date },
      currency: { value: bakeryReceipt.expected.currency },
    });
  });

  it("decodes a HEIC with the libheif inside index.mjs, offline", async () => {
    const run = await readInFreshProcess("01KAXG3W7R5N8ZK4T2B9C6D1F2", heicReceipt(), "image/heic");

    expect([run.networkRefusals, run.error, run.stage]).toEqual([[], undefined, "done"]);
    expect(run.result).toMatchObject({
      total: { value: bakeryReceipt.expected.total },
      date: { value: bakeryReceipt.expected.date },
    });
  });

  it("reads a PDF's text layer with the pdfjs inside index.mjs, offline", async () => {
    const run = await readInFreshProcess(
      "01KAXG3W7R5N8ZK4T2B9C6D1F3",
      decodingFixture("text-receipt.pdf"),
      "application/pdf",
    );

    expect([run.networkRefusals, run.error, run.stage]).toEqual([[], undefined, "done"]);
    expect(run.result).toMatchObject({
      total: { value: textPdfReceipt.total },
      date: { value: textPdfReceipt.date },
    });
  });
});
