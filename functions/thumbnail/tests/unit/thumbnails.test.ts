import { createHash } from "node:crypto";
import type { ThumbnailSize } from "@shoebox/schemas";
import { interlacedPng } from "@shoebox/testing";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ImageRejectedError } from "../../src/errors.ts";
import { acceptedFormat, renderThumbnails } from "../../src/thumbnails.ts";
import {
  cmykJpeg,
  documentFixture,
  meanColour,
  photo,
  photoWithCameraExif,
  pixelBombPng,
  plainText,
  redThenBlueGif,
  sixteenBitPng,
  svgDocument,
  translucentPng,
  truncatedJpeg,
} from "../helpers/images.ts";

const sizes: ThumbnailSize[] = [
  { name: "small", maxDimension: 160 },
  { name: "medium", maxDimension: 320 },
];
const options = { sizes, maxInputPixels: 50_000_000, maxDecodeBytes: 384 * 1024 * 1024 };

const thumbnailOf = async (original: Buffer, size = "medium") => {
  const { thumbnails } = await renderThumbnails(original, options);
  const thumbnail = thumbnails.find((candidate) => candidate.size === size);
  if (!thumbnail) throw new Error(`no ${size} thumbnail`);
  return { thumbnail, metadata: await sharp(thumbnail.body).metadata() };
};

const rejectionOf = async (original: Buffer, renderOptions = options): Promise<ImageRejectedError> => {
  const error = await renderThumbnails(original, renderOptions).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImageRejectedError);
  return error as ImageRejectedError;
};

describe("renderThumbnails on real photos", () => {
  it("renders every configured size as WebP, within its bounds and keeping the aspect ratio", async () => {
    // Prepare
    const original = photo("coffee"); // 600x400

    // Act
    const { thumbnails } = await renderThumbnails(original, options);

    // Assess
    expect(thumbnails.map(({ size, width, height }) => ({ size, width, height }))).toEqual([
      { size: "small", width: 160, height: 107 },
      { size: "medium", width: 320, height: 213 },
    ]);
    for (const thumbnail of thumbnails) {
      const metadata = await sharp(thumbnail.body).metadata();
      expect(metadata.format).toBe("webp");
      expect([metadata.width, metadata.height]).toEqual([thumbnail.width, thumbnail.height]);
    }
  });

  it("reports the facts of the original: size, format, byte count and sha256 of its bytes", async () => {
    // Prepare
    const original = photo("chelsea"); // 451x300

    // Act
    const { facts } = await renderThumbnails(original, options);

    // Assess
    expect(facts).toEqual({
      width: 451,
      height: 300,
      format: "jpeg",
      bytes: original.length,
      sha256: createHash("sha256").update(original).digest("hex"),
    });
  });

  it("never enlarges an image smaller than a size", async () => {
    // Prepare
    const tiny = await sharp(photo("chelsea")).resize(100).jpeg().toBuffer();

    // Act
    const { thumbnails } = await renderThumbnails(tiny, options);

    // Assess
    expect(thumbnails.map(({ width, height }) => [width, height])).toEqual([
      [100, 67],
      [100, 67],
    ]);
  });

  it("applies EXIF orientation 6, so width and height swap in thumbnails and facts", async () => {
    // Prepare
    const rotated = await photoWithCameraExif(); // stored 600x400, shown 400x600

    // Act
    const { facts, thumbnails } = await renderThumbnails(rotated, options);

    // Assess
    expect([facts.width, facts.height]).toEqual([400, 600]);
    expect(thumbnails.map(({ width, height }) => [width, height])).toEqual([
      [107, 160],
      [213, 320],
    ]);
  });

  it("takes capturedAt from EXIF DateTimeOriginal and its offset", async () => {
    // Prepare
    const fromCamera = await photoWithCameraExif(); // 2021:03:04 05:06:07 at +02:00

    // Act
    const { facts } = await renderThumbnails(fromCamera, options);

    // Assess
    expect(facts.capturedAt).toBe("2021-03-04T03:06:07.000Z");
  });

  it("writes thumbnails without EXIF, GPS, XMP or ICC metadata", async () => {
    // Prepare
    const fromCamera = await photoWithCameraExif();
    const original = await sharp(fromCamera).metadata();
    expect(original.exif).toBeDefined();
    expect(original.hasProfile).toBe(true);

    // Act
    const { thumbnails } = await renderThumbnails(fromCamera, options);

    // Assess
    for (const thumbnail of thumbnails) {
      const metadata = await sharp(thumbnail.body).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
      expect(metadata.icc).toBeUndefined();
      expect(metadata.orientation).toBeUndefined();
      expect(thumbnail.body.includes(Buffer.from("GPS"))).toBe(false);
    }
  });
});

describe("renderThumbnails on unusual but valid images", () => {
  it("converts a CMYK JPEG to sRGB with colours close to the original", async () => {
    // Prepare
    const cmyk = await cmykJpeg();
    expect((await sharp(cmyk).metadata()).space).toBe("cmyk");
    const expectedColour = await meanColour(await sharp(photo("chelsea")).resize(320).toBuffer());

    // Act
    const { thumbnail, metadata } = await thumbnailOf(cmyk);

    // Assess
    expect(metadata.space).toBe("srgb");
    expect(metadata.channels).toBe(3);
    const colour = await meanColour(thumbnail.body);
    colour.forEach((channel, index) => {
      expect(Math.abs(channel - (expectedColour[index] ?? 0))).toBeLessThan(25);
    });
  });

  it("renders a 16-bit PNG as an ordinary 8-bit WebP", async () => {
    // Prepare
    const deep = await sixteenBitPng();
    expect((await sharp(deep).metadata()).depth).toBe("ushort");

    // Act
    const { thumbnail, metadata } = await thumbnailOf(deep);

    // Assess
    expect(metadata.depth).toBe("uchar");
    expect([thumbnail.width, thumbnail.height]).toEqual([320, 213]);
    const [red, green, blue] = await meanColour(thumbnail.body);
    expect(red).toBeGreaterThan(50); // not black: the 16-bit range was scaled, not truncated
    expect(green).toBeGreaterThan(50);
    expect(blue).toBeGreaterThan(30);
  });

  it("keeps transparency: a translucent PNG becomes a WebP with alpha", async () => {
    // Prepare
    const translucent = await translucentPng();

    // Act
    const { thumbnail, metadata } = await thumbnailOf(translucent);

    // Assess
    expect(metadata.hasAlpha).toBe(true);
    const { channels } = await sharp(thumbnail.body).stats();
    expect(channels[3]?.mean).toBeGreaterThan(100);
    expect(channels[3]?.mean).toBeLessThan(155);
  });

  it("renders the first frame of an animated GIF as a still WebP", async () => {
    // Prepare
    const animated = await redThenBlueGif();
    expect((await sharp(animated).metadata()).pages).toBe(2);

    // Act
    const { thumbnail, metadata } = await thumbnailOf(animated);

    // Assess
    expect(metadata.pages ?? 1).toBe(1);
    expect([thumbnail.width, thumbnail.height]).toEqual([240, 160]);
    const [red, green, blue] = await meanColour(thumbnail.body);
    expect(red).toBeGreaterThan(200);
    expect(green).toBeLessThan(30);
    expect(blue).toBeLessThan(30);
  });

  it("accepts AVIF, the AV1 flavour of HEIF", async () => {
    // Prepare
    const avif = await sharp(photo("chelsea")).avif().toBuffer();

    // Act
    const { facts, thumbnails } = await renderThumbnails(avif, options);

    // Assess
    expect(facts.format).toBe("avif");
    expect(thumbnails).toHaveLength(2);
  });
});

describe("renderThumbnails refuses what cannot become a thumbnail", () => {
  it("refuses zero bytes as EMPTY_FILE", async () => {
    expect((await rejectionOf(Buffer.alloc(0))).code).toBe("EMPTY_FILE");
  });

  it("refuses text as NOT_AN_IMAGE", async () => {
    expect((await rejectionOf(plainText())).code).toBe("NOT_AN_IMAGE");
  });

  it("refuses a truncated JPEG as CORRUPT_IMAGE", async () => {
    const rejection = await rejectionOf(truncatedJpeg());
    expect(rejection.code).toBe("CORRUPT_IMAGE");
    // The reason is ours; what libvips said stays on the cause, for the log.
    expect(rejection.message).toBe(
      "the image is damaged or incomplete and could not be read; upload the original file again",
    );
    expect(String((rejection.cause as Error).message)).toMatch(/premature end/i);
  });

  it("refuses SVG as UNSUPPORTED_FORMAT without rendering it", async () => {
    const rejection = await rejectionOf(svgDocument());
    expect(rejection.code).toBe("UNSUPPORTED_FORMAT");
    expect(rejection.message).toBe("svg images are not accepted");
  });

  it("refuses a 20000x20000 PNG bomb as TOO_MANY_PIXELS before decoding it", async () => {
    // Prepare
    const bomb = pixelBombPng();
    expect(bomb.length).toBeLessThan(100_000);
    const memoryBefore = process.memoryUsage().rss;

    // Act
    const rejection = await rejectionOf(bomb);

    // Assess
    expect(rejection.code).toBe("TOO_MANY_PIXELS");
    // Decoding would need 400 MB at the very least.
    expect(process.memoryUsage().rss - memoryBefore).toBeLessThan(100_000_000);
  });

  it("refuses an interlaced 16-bit PNG over the memory budget as TOO_LARGE_TO_DECODE before decoding it", async () => {
    // Prepare: 16 MiB + 2000x2000x8 bytes x 1.25 for interlacing = 54 MiB to decode, against a 32 MiB budget
    const deep = await interlacedPng(2000, 2000, 16);
    const memoryBefore = process.memoryUsage().rss;

    // Act
    const rejection = await rejectionOf(deep, { ...options, maxDecodeBytes: 32 * 1024 * 1024 });

    // Assess
    expect(rejection.code).toBe("TOO_LARGE_TO_DECODE");
    expect(rejection.message).toMatch(/about 55 MiB of memory, more than the 32 MiB allowed per image/);
    expect(process.memoryUsage().rss - memoryBefore).toBeLessThan(20 * 1024 * 1024);
  });

  it("renders the same image when the budget allows it", async () => {
    const { facts } = await renderThumbnails(await interlacedPng(2000, 2000, 16), options);
    expect(facts).toMatchObject({ width: 2000, height: 2000, format: "png" });
  });

  it("applies the configured pixel limit, not a fixed one", async () => {
    const rejection = await rejectionOf(photo("coffee"), { ...options, maxInputPixels: 600 * 400 - 1 });
    expect(rejection.code).toBe("TOO_MANY_PIXELS");
  });
});

describe("acceptedFormat", () => {
  it("tells AVIF from HEIC and HEIF inside the HEIF container, by codec and brand", () => {
    expect(acceptedFormat({ format: "heif", compression: "av1" })).toBe("avif");
    expect(acceptedFormat({ format: "heif", compression: "hevc" }, "heic")).toBe("heic");
    expect(acceptedFormat({ format: "heif", compression: "hevc" }, "heif")).toBe("heif");
  });

  it("refuses HEVC in a file whose brands are not HEIF's, and HEIF without a codec sharp names", () => {
    expect(acceptedFormat({ format: "heif", compression: "hevc" })).toBeUndefined();
    expect(acceptedFormat({ format: "heif" }, "heif")).toBeUndefined();
  });

  it.each(["jpeg", "png", "webp", "gif", "tiff"] as const)("accepts %s", (format) => {
    expect(acceptedFormat({ format })).toBe(format);
  });

  it.each(["svg", "pdf", "jp2", "jxl", "magick"] as const)("refuses %s as an image", (format) => {
    expect(acceptedFormat({ format })).toBeUndefined();
  });
});

describe("renderThumbnails on HEIC, decoded by libheif", () => {
  it("renders an iPhone-style grid HEIC like the JPEG it was made from", async () => {
    // Prepare
    const heic = documentFixture("coffee.heic"); // coffee.jpg (600x400) as 256 px HEVC tiles

    // Act
    const { facts, thumbnails } = await renderThumbnails(heic, options);

    // Assess
    expect(facts).toEqual({
      width: 600,
      height: 400,
      format: "heic",
      bytes: heic.length,
      sha256: createHash("sha256").update(heic).digest("hex"),
    });
    expect(thumbnails.map(({ size, width, height }) => ({ size, width, height }))).toEqual([
      { size: "small", width: 160, height: 107 },
      { size: "medium", width: 320, height: 213 },
    ]);
    const medium = thumbnails.find((thumbnail) => thumbnail.size === "medium");
    expect((await sharp(medium?.body).metadata()).format).toBe("webp");
    const expected = await meanColour(await sharp(photo("coffee")).resize(320).toBuffer());
    (await meanColour(medium?.body ?? Buffer.alloc(0))).forEach((channel, index) => {
      expect(Math.abs(channel - (expected[index] ?? 0))).toBeLessThan(6);
    });
  });

  it("shows a HEIC upright once (its irot applied, EXIF orientation not again) and takes capturedAt from its EXIF", async () => {
    // Prepare: quadrants stored turned a quarter, EXIF orientation 6, 2021:03:04 05:06:07 +02:00
    const rotated = documentFixture("rotated.heic");

    // Act
    const { facts, thumbnails } = await renderThumbnails(rotated, options);

    // Assess
    expect(facts).toMatchObject({
      width: 64,
      height: 48,
      format: "heic",
      capturedAt: "2021-03-04T03:06:07.000Z",
    });
    const small = thumbnails.find((thumbnail) => thumbnail.size === "small");
    expect([small?.width, small?.height]).toEqual([64, 48]);
    const { data } = await sharp(small?.body).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)].map((value) => value > 200)).toEqual([true, false, false]); // red, top left
  });

  it("keeps a HEIC's alpha plane", async () => {
    const { thumbnail, metadata } = await thumbnailOf(documentFixture("translucent.heic"));

    expect(metadata.hasAlpha).toBe(true);
    const { channels } = await sharp(thumbnail.body).stats();
    expect(channels[3]?.mean).toBeGreaterThan(100);
    expect(channels[3]?.mean).toBeLessThan(155);
  });

  it("refuses a 56 Mpx HEIC of 13 KB as TOO_MANY_PIXELS before decoding it", async () => {
    // Prepare
    const large = documentFixture("large.heic");
    const memoryBefore = process.memoryUsage().rss;

    // Act
    const rejection = await rejectionOf(large);

    // Assess
    expect(rejection.code).toBe("TOO_MANY_PIXELS");
    expect(process.memoryUsage().rss - memoryBefore).toBeLessThan(60 * 1024 * 1024);
  });

  it("refuses a HEIC over the memory budget as TOO_LARGE_TO_DECODE, counting libheif's memory", async () => {
    // 16 MiB for libvips + 600x400 RGB + libheif's 48 MiB + 5.5 bytes a pixel = 66 MiB
    const rejection = await rejectionOf(documentFixture("coffee.heic"), {
      ...options,
      maxDecodeBytes: 48 * 1024 * 1024,
    });

    expect(rejection.code).toBe("TOO_LARGE_TO_DECODE");
    expect(rejection.message).toMatch(/about 66 MiB of memory, more than the 48 MiB allowed per image/);
  });

  it("refuses a HEIC cut short as CORRUPT_IMAGE", async () => {
    const whole = documentFixture("coffee.heic");
    const rejection = await rejectionOf(whole.subarray(0, Math.floor(whole.length / 2)));

    expect(rejection.code).toBe("CORRUPT_IMAGE");
    expect(rejection.message).toMatch(/^the HEIC image is incomplete/);
  });
});

describe("renderThumbnails on PDF receipts", () => {
  const receipt = { ...options, kind: "receipt" as const };

  it("makes a scanned receipt's thumbnails from page 1's image, with the PDF's facts", async () => {
    // Prepare
    const scanned = documentFixture("scanned-receipt.pdf"); // coffee.jpg as a 600x400 pt page

    // Act
    const { facts, thumbnails } = await renderThumbnails(scanned, receipt);

    // Assess
    expect(facts).toEqual({
      width: 600,
      height: 400,
      format: "pdf",
      pages: 1,
      bytes: scanned.length,
      sha256: createHash("sha256").update(scanned).digest("hex"),
    });
    expect(thumbnails.map(({ size, width, height }) => ({ size, width, height }))).toEqual([
      { size: "small", width: 160, height: 107 },
      { size: "medium", width: 320, height: 213 },
    ]);
    const expected = await meanColour(await sharp(photo("coffee")).resize(320).toBuffer());
    (await meanColour(thumbnails[1]?.body ?? Buffer.alloc(0))).forEach((channel, index) => {
      expect(Math.abs(channel - (expected[index] ?? 0))).toBeLessThan(6);
    });
  });

  it("gives a text-only PDF no thumbnails, only its facts: A4, one page", async () => {
    const { facts, thumbnails } = await renderThumbnails(documentFixture("text-receipt.pdf"), receipt);

    expect(thumbnails).toEqual([]);
    expect(facts).toMatchObject({ width: 595, height: 842, format: "pdf", pages: 1 });
  });

  it("counts every page, and takes the thumbnail from page 1 alone", async () => {
    // mixed.pdf: text, then a scan, then nothing
    const { facts, thumbnails } = await renderThumbnails(documentFixture("mixed.pdf"), receipt);

    expect(facts).toMatchObject({ format: "pdf", pages: 3 });
    expect(thumbnails).toEqual([]);
  });

  it("refuses a PDF sent as a photo", async () => {
    const rejection = await rejectionOf(documentFixture("scanned-receipt.pdf"));

    expect(rejection.code).toBe("UNSUPPORTED_FORMAT");
    expect(rejection.message).toBe(
      "a PDF is taken as a receipt only, not as a photo: upload it again as a receipt",
    );
  });

  it.each([
    ["encrypted.pdf", "UNSUPPORTED_FORMAT", "the PDF is encrypted: upload it without a password"],
    [
      "javascript.pdf",
      "UNSUPPORTED_FORMAT",
      "the PDF runs JavaScript: upload a plain PDF of the receipt (print it to PDF again, or scan the paper)",
    ],
    [
      "eleven-pages.pdf",
      "TOO_LARGE",
      "the PDF has 11 pages, more than the 10 a receipt may have: upload each receipt as a PDF of its own",
    ],
    [
      "image-bomb.pdf",
      "TOO_MANY_PIXELS",
      "page 1 of the PDF holds an image of 400.0 Mpx, more than the 50.0 Mpx allowed; scan the receipt at a lower resolution",
    ],
  ])("refuses %s as %s, with the reason", async (name, code, message) => {
    const rejection = await rejectionOf(documentFixture(name), receipt);

    expect(rejection.code).toBe(code);
    expect(rejection.message).toBe(message);
  });
});
