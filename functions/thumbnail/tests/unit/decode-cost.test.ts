import { heicDecodeBytes } from "@shoebox/document-decoding";
import type { Metadata } from "sharp";
import { describe, expect, it } from "vitest";
import { decodeBytes } from "../../src/decode-cost.ts";

const MIB = 1024 * 1024;
const WORKING = 16 * MIB;

type Header = Pick<Metadata, "format" | "width" | "height" | "channels" | "depth" | "isProgressive">;
const header = (
  format: "png" | "jpeg",
  channels: 3 | 4,
  depth: "uchar" | "ushort",
  isProgressive: boolean,
): Header => ({
  format,
  width: format === "png" ? 7000 : 8000,
  height: format === "png" ? 7000 : 6000,
  channels,
  depth,
  isProgressive,
});

/*
 * Each estimate, exactly, and against the resident memory sharp was measured to take for the
 * same kind of image (our pipeline, a 640 px thumbnail): the estimate must never be lower.
 */
const cases = [
  {
    what: "a whole interlaced frame, 16-bit samples twice, plus the working copy",
    image: header("png", 4, "ushort", true),
    pixels: 7000 * 7000 * 8 * 1.25,
    measuredMiB: 462,
  },
  {
    what: "one frame of a 16-bit non-interlaced PNG",
    image: header("png", 4, "ushort", false),
    pixels: 7000 * 7000 * 8,
    measuredMiB: 117,
  },
  {
    what: "one frame of an 8-bit non-interlaced PNG",
    image: header("png", 3, "uchar", false),
    pixels: 7000 * 7000 * 3,
    measuredMiB: 45,
  },
  {
    what: "a baseline 48 Mpx JPEG shrunk on load by 8",
    image: header("jpeg", 3, "uchar", false),
    pixels: (8000 * 6000 * 3) / 64,
    measuredMiB: 12,
  },
  {
    what: "every DCT coefficient of a progressive 4:4:4 JPEG (2 bytes per sample)",
    image: header("jpeg", 3, "uchar", true),
    pixels: 8000 * 6000 * 3 * 2,
    measuredMiB: 287,
  },
];

describe("decodeBytes", () => {
  it.each(cases)("counts $what, never less than measured", ({ image, pixels, measuredMiB }) => {
    const estimate = decodeBytes(image, 640);
    expect(estimate).toBe(WORKING + pixels);
    expect(estimate).toBeGreaterThanOrEqual(measuredMiB * MIB);
  });

  it("shrinks a baseline JPEG less for a larger thumbnail edge: 8000 / 2000 = 4", () => {
    expect(decodeBytes(header("jpeg", 3, "uchar", false), 2000)).toBe(WORKING + (8000 * 6000 * 3) / 16);
  });
});

/*
 * HEIC is decoded whole by libheif (WebAssembly), outside libvips: its RGB pixels plus libheif's
 * working memory. Measured: peak resident memory of renderThumbnails (a 640 px thumbnail) above
 * the loaded module, on grid HEICs as iPhones write them (512 px tiles), highest of three runs.
 */
const heic = (width: number, height: number, hasAlpha = false) => ({
  format: "heif" as const,
  compression: "hevc" as const,
  width,
  height,
  channels: (hasAlpha ? 4 : 3) as 3 | 4,
  depth: "uchar" as const,
  isProgressive: false,
  hasAlpha,
});

describe("decodeBytes for HEIC", () => {
  it.each([
    { width: 4032, height: 3024, measuredMiB: 132 },
    { width: 8000, height: 6000, measuredMiB: 414 },
  ])("counts a $width x $height HEIC whole, never less than measured", ({ width, height, measuredMiB }) => {
    const estimate = decodeBytes(heic(width, height), 640);
    expect(estimate).toBe(WORKING + heicDecodeBytes({ width, height, hasAlpha: false }));
    expect(estimate).toBeGreaterThanOrEqual(measuredMiB * MIB);
  });

  it("counts the pixels of a HEIC at full size, whatever the thumbnail: nothing shrinks on load", () => {
    expect(decodeBytes(heic(4032, 3024), 160)).toBe(decodeBytes(heic(4032, 3024), 2000));
  });

  it("counts an alpha plane as a fourth channel", () => {
    expect(decodeBytes(heic(4032, 3024, true), 640) - decodeBytes(heic(4032, 3024), 640)).toBe(4032 * 3024);
  });

  it("puts a 12 Mpx HEIC within the default 384 MiB budget, and a 48 Mpx one over it", () => {
    expect(decodeBytes(heic(4032, 3024), 640)).toBeLessThan(384 * MIB);
    expect(decodeBytes(heic(8000, 6000), 640)).toBeGreaterThan(384 * MIB);
  });
});
