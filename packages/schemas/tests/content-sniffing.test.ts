import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONTENT_SNIFF_BYTES, sniffContentType } from "../src/index.ts";

/** A real JPEG of the thumbnail function's fixtures. */
const photo = (name: "astronaut" | "chelsea" | "coffee"): Buffer =>
  readFileSync(new URL(`../../../functions/thumbnail/tests/fixtures/photos/${name}.jpg`, import.meta.url));

/** A HEIC or PDF of @shoebox/document-decoding's fixtures: real files, written by libheif and pdf-lib. */
const document = (name: string): Buffer =>
  readFileSync(new URL(`../../document-decoding/tests/fixtures/${name}`, import.meta.url));

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(
    parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.from(part))),
  );

/** An ISO-BMFF ftyp box: size, "ftyp", major brand, minor version, compatible brands. */
const ftyp = (major: string, ...compatible: string[]): Buffer => {
  const box = bytes([0, 0, 0, 0], "ftyp", major, [0, 0, 0, 0], ...compatible, [0, 0, 0, 8], "meta");
  box.writeUInt32BE(16 + 4 * compatible.length, 0);
  return box;
};

describe("sniffContentType", () => {
  it("knows the real fixture photos as JPEG", () => {
    for (const name of ["astronaut", "chelsea", "coffee"] as const) {
      expect(sniffContentType(photo(name))).toBe("image/jpeg");
    }
  });

  it.each([
    ["PNG", bytes([0x89], "PNG\r\n\x1a\n", [0, 0, 0, 13], "IHDR"), "image/png"],
    ["GIF87a", bytes("GIF87a", [1, 0, 1, 0]), "image/gif"],
    ["GIF89a", bytes("GIF89a", [1, 0, 1, 0]), "image/gif"],
    ["WebP", bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "), "image/webp"],
    ["little-endian TIFF", bytes("II", [0x2a, 0], [8, 0, 0, 0]), "image/tiff"],
    ["big-endian TIFF", bytes("MM", [0, 0x2a], [0, 0, 0, 8]), "image/tiff"],
    ["BigTIFF", bytes("II", [0x2b, 0], [8, 0, 0, 0]), "image/tiff"],
    ["AVIF", ftyp("avif", "mif1", "miaf"), "image/avif"],
    ["an AVIF image sequence", ftyp("avis", "avif", "msf1"), "image/avif"],
    ["AVIF as a compatible brand", ftyp("mif1", "avif", "miaf"), "image/avif"],
    [
      "an iPhone HEIC (heic, then mif1 MiHE miaf MiHB heic)",
      ftyp("heic", "mif1", "MiHE", "miaf", "MiHB", "heic"),
      "image/heic",
    ],
    ["heix, 10-bit HEIC", ftyp("heix", "mif1", "heix"), "image/heic"],
    ["an HEVC image sequence", ftyp("hevc", "msf1", "hevc"), "image/heic"],
    ["HEIC as a compatible brand", ftyp("mif1", "heic"), "image/heic"],
    ["a generic HEIF (mif1 only)", ftyp("mif1", "miaf"), "image/heif"],
    ["a PDF", bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "application/pdf"],
  ])("knows %s by its magic bytes", (_, header, type) => {
    expect(sniffContentType(header)).toBe(type);
  });

  it.each([
    ["a text file", bytes("Dear diary, today I zipped a text file by mistake.\n")],
    ["an MP4 video (ISO-BMFF, but no image brand)", ftyp("isom", "iso2", "mp41")],
    ["text that starts like a PDF", bytes("%PDF is a format")],
    ["a WAV file (RIFF, but not WEBP)", bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt ")],
    ["a zip inside the zip", bytes("PK", [3, 4, 20, 0])],
    ["SVG (an image, but not one we decode)", bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ["two bytes of a JPEG", bytes([0xff, 0xd8])],
    ["nothing", Buffer.alloc(0)],
  ])("refuses %s", (_, header) => {
    expect(sniffContentType(header)).toBeUndefined();
  });
});

describe("sniffContentType on real HEIC and PDF files", () => {
  it.each(["coffee.heic", "rotated.heic", "translucent.heic"])(
    "knows %s as HEIC from its first CONTENT_SNIFF_BYTES",
    (name) => {
      expect(sniffContentType(document(name).subarray(0, CONTENT_SNIFF_BYTES))).toBe("image/heic");
    },
  );

  it.each(["text-receipt.pdf", "scanned-receipt.pdf"])("knows %s as a PDF", (name) => {
    expect(sniffContentType(document(name).subarray(0, CONTENT_SNIFF_BYTES))).toBe("application/pdf");
  });
});
