import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs helper without types, shared with the benchmarks
import { bundlePackage } from "../bench/bundle.mjs";
import { fixturesDirectory } from "./helpers/fixtures.ts";

/*
 * The package as a Lambda runs it: bundled by esbuild into one file, in a folder with no
 * node_modules (so pdfjs finds no @napi-rs/canvas, as in the zip), in a Node process that may
 * read only that folder and the fixtures (--permission: libheif's wasm must come from the
 * bundle itself), start no worker thread (pdfjs must parse in this thread) and open no socket.
 */
const probe = `
import { readFileSync } from "node:fs";
import net from "node:net";
const offline = () => { throw new Error("network access attempted"); };
globalThis.fetch = offline;
net.Socket.prototype.connect = offline;

const decoding = await import(process.argv[2]);
const fixture = (name) => readFileSync(new URL(name, "file://" + process.argv[3]));
const limits = { maxPixels: 50_000_000, maxDecodeBytes: 384 * 1024 * 1024 };
const heic = await decoding.decodeHeic(fixture("coffee.heic"), limits);
const text = await decoding.pdfTextPages(fixture("text-receipt.pdf"));
const scan = await decoding.pdfPageImage(fixture("scanned-receipt.pdf"), 1, limits);
const refusal = await decoding.inspectPdf(fixture("javascript.pdf")).catch((error) => error.code);
console.log(JSON.stringify({ heic: heic.raw, text: text[0].lines.slice(0, 3), scan: scan.raw, refusal }));
`;

let bundle: string;

beforeAll(async () => {
  bundle = await bundlePackage();
  writeFileSync(path.join(path.dirname(bundle), "probe.mjs"), probe);
}, 60_000);

describe("the bundled package, offline and confined", () => {
  it("decodes HEIC with the wasm inside the bundle and reads PDFs in one thread, without a canvas", async () => {
    // Act
    const directory = path.dirname(bundle);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "--permission",
        `--allow-fs-read=${directory}`,
        `--allow-fs-read=${fixturesDirectory()}`,
        path.join(directory, "probe.mjs"),
        bundle,
        fixturesDirectory(),
      ],
      { cwd: directory, timeout: 60_000 },
    );

    // Assess
    expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "")).toEqual({
      heic: { width: 600, height: 400, channels: 3 },
      text: ["SHOEBOX CAFE", "12 Market Street", "Espresso 2.50"],
      scan: { width: 600, height: 400, channels: 3 },
      refusal: "PDF_ACTIVE_CONTENT",
    });
  }, 60_000);
});
