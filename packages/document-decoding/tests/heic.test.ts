import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { DocumentRefusedError, decodeHeic, heicDecodeBytes, readHeicHeader } from "../src/index.ts";
import { coffeeJpeg, fixture, rejectionOf } from "./helpers/fixtures.ts";

const MIB = 1024 * 1024;
const limits = { maxPixels: 50_000_000, maxDecodeBytes: 384 * MIB };

/** The RGB(A) of one pixel of a raw image. */
const pixel = ({ data, raw }: Awaited<ReturnType<typeof decodeHeic>>, x: number, y: number): number[] => {
  const start = (y * raw.width + x) * raw.channels;
  return [...data.subarray(start, start + raw.channels)];
};

const near = (actual: number[], expected: number[], tolerance = 8) => {
  for (const [index, value] of actual.entries()) {
    expect(Math.abs(value - (expected[index] ?? -999))).toBeLessThanOrEqual(tolerance);
  }
};

const refusalOf = async (promise: Promise<unknown>): Promise<DocumentRefusedError> => {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(DocumentRefusedError);
  return error as DocumentRefusedError;
};

describe("decodeHeic on real HEIC files", () => {
  it("decodes an iPhone-style grid HEIC (256 px tiles) into RGB that sharp takes as raw input", async () => {
    // Prepare
    const heic = fixture("coffee.heic"); // coffee.jpg, 600x400, as 3x2 HEVC tiles

    // Act
    const image = await decodeHeic(heic, limits);

    // Assess
    expect(image.raw).toEqual({ width: 600, height: 400, channels: 3 });
    expect(image.data.length).toBe(600 * 400 * 3);
    const { channels } = await sharp(image.data, { raw: image.raw }).stats();
    const { channels: original } = await sharp(coffeeJpeg()).stats();
    channels.forEach((channel, index) => {
      // the same photo: lossy twice over, but the same colours on average
      expect(Math.abs(channel.mean - (original[index]?.mean ?? 0))).toBeLessThan(4);
    });
  });

  it("puts every pixel where it belongs: red, green / blue, white quadrants", async () => {
    const image = await decodeHeic(fixture("quadrants.heic"), limits);

    expect(image.raw).toEqual({ width: 64, height: 48, channels: 3 });
    near(pixel(image, 8, 8), [255, 0, 0]);
    near(pixel(image, 56, 8), [0, 255, 0]);
    near(pixel(image, 8, 40), [0, 0, 255]);
    near(pixel(image, 56, 40), [255, 255, 255]);
  });

  it("applies the image's rotation (irot, from EXIF orientation 6): it comes out upright", async () => {
    // Prepare: stored 48x64, turned a quarter anticlockwise
    const rotated = fixture("rotated.heic");

    // Act
    const image = await decodeHeic(rotated, limits);

    // Assess: the same as the unrotated quadrants
    expect(image.raw).toEqual({ width: 64, height: 48, channels: 3 });
    near(pixel(image, 8, 8), [255, 0, 0]);
    near(pixel(image, 56, 40), [255, 255, 255]);
  });

  it("keeps an alpha plane: RGBA, half-transparent red", async () => {
    const image = await decodeHeic(fixture("translucent.heic"), limits);

    expect(image.raw).toEqual({ width: 40, height: 30, channels: 4 });
    near(pixel(image, 20, 15), [255, 0, 0, 128]);
  });

  it("reads the header alone: size as displayed and whether there is alpha", async () => {
    expect(await readHeicHeader(fixture("rotated.heic"))).toEqual({ width: 64, height: 48, hasAlpha: false });
    expect(await readHeicHeader(fixture("translucent.heic"))).toEqual({
      width: 40,
      height: 30,
      hasAlpha: true,
    });
    expect(await readHeicHeader(fixture("large.heic"))).toEqual({
      width: 8000,
      height: 7000,
      hasAlpha: false,
    });
  });
});

/** A real HEIC's ftyp box, then an empty meta box: whole boxes, but no image in them. */
const headerWithoutImage = (): Buffer => {
  const heic = fixture("quadrants.heic");
  const meta = Buffer.from([0, 0, 0, 12, ...Buffer.from("meta"), 0, 0, 0, 0]);
  return Buffer.concat([heic.subarray(0, heic.readUInt32BE(0)), meta]);
};

describe("decodeHeic refuses, with a reason, what it should not decode", () => {
  it("refuses a 56 Mpx HEIC of 13 KB over the 50 Mpx limit from its header, before decoding", async () => {
    // Prepare: decoded it would take 8000 x 7000 x 3 = 168 MB of pixels alone
    const large = fixture("large.heic");
    expect(large.length).toBeLessThan(20_000);
    const memoryBefore = process.memoryUsage().rss;

    // Act
    const refusal = await refusalOf(decodeHeic(large, limits));

    // Assess
    expect(refusal.code).toBe("TOO_MANY_PIXELS");
    expect(refusal.message).toBe(
      "the image has 8000x7000 pixels (56.0 Mpx), more than the 50.0 Mpx allowed; upload a smaller copy",
    );
    expect(process.memoryUsage().rss - memoryBefore).toBeLessThan(60 * MIB);
  });

  it("refuses an image whose decode would take more memory than allowed, before decoding", async () => {
    // 600x400: 720,000 bytes of RGB, libheif's 48 MiB and 5.5 bytes a pixel = 50 MiB
    const refusal = await refusalOf(
      decodeHeic(fixture("coffee.heic"), { ...limits, maxDecodeBytes: 48 * MIB }),
    );

    expect(refusal.code).toBe("TOO_LARGE_TO_DECODE");
    expect(refusal.message).toMatch(/about 50 MiB of memory, more than the 48 MiB allowed per image/);
  });

  it("applies the caller's pixel limit, not a fixed one", async () => {
    const refusal = await refusalOf(
      decodeHeic(fixture("coffee.heic"), { ...limits, maxPixels: 600 * 400 - 1 }),
    );
    expect(refusal.code).toBe("TOO_MANY_PIXELS");
  });

  it("refuses a JPEG as NOT_HEIC without handing it to libheif", async () => {
    const refusal = await refusalOf(decodeHeic(coffeeJpeg(), limits));
    expect(refusal.code).toBe("NOT_HEIC");
    expect(refusal.message).toBe("the file is not a HEIC image, whatever its name says");
  });

  it("refuses a HEIC cut in half as CORRUPT: libheif would fill the missing tiles in", async () => {
    // Prepare: an interrupted upload
    const whole = fixture("coffee.heic");
    const truncated = whole.subarray(0, Math.floor(whole.length / 2));

    // Act
    const refusal = await refusalOf(decodeHeic(truncated, limits));

    // Assess
    expect(refusal.code).toBe("CORRUPT");
    expect(refusal.message).toBe(
      "the HEIC image is incomplete (its file ends before its data does); upload the original file again",
    );
  });

  it("refuses a complete file that libheif cannot read as CORRUPT, libheif's words kept on the cause", async () => {
    // Act
    const refusal = await refusalOf(decodeHeic(headerWithoutImage(), limits));

    // Assess
    expect(refusal.code).toBe("CORRUPT");
    expect(refusal.message).toMatch(/^the HEIC image is damaged or incomplete/);
    expect((refusal.cause as Error).message).toMatch(/^libheif, reading the file: /);
  });

  it("goes on decoding after libheif refused a file: the container's libheif is not left broken", async () => {
    await refusalOf(decodeHeic(headerWithoutImage(), limits));
    expect((await decodeHeic(fixture("quadrants.heic"), limits)).raw.width).toBe(64);
  });
});

describe("heicDecodeBytes", () => {
  /*
   * Each estimate against the peak resident memory measured above the loaded bundle with
   * bench/heic-decode.mjs, for grid HEICs as iPhones write them: never lower.
   */
  it.each([
    { width: 1600, height: 1200, measuredMiB: 54 },
    { width: 4032, height: 3024, measuredMiB: 128 },
    { width: 8000, height: 6000, measuredMiB: 414 },
  ])("never counts less than measured for $width x $height", ({ width, height, measuredMiB }) => {
    expect(heicDecodeBytes({ width, height, hasAlpha: false })).toBeGreaterThanOrEqual(measuredMiB * MIB);
  });

  it("counts the raw pixels handed over, an alpha channel's too, plus libheif's working memory", () => {
    const rgb = heicDecodeBytes({ width: 4032, height: 3024, hasAlpha: false });
    expect(rgb).toBe(4032 * 3024 * 3 + 48 * MIB + Math.ceil(4032 * 3024 * 5.5));
    expect(heicDecodeBytes({ width: 4032, height: 3024, hasAlpha: true }) - rgb).toBe(4032 * 3024);
  });
});
