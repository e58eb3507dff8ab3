import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { capturedAtFromExif } from "../../src/capture-time.ts";

const exifOf = async (photoTags: Record<string, string>): Promise<Buffer | undefined> => {
  const image = await sharp({ create: { width: 8, height: 8, channels: 3, background: "grey" } })
    .withExif({ IFD0: { Make: "Acme" }, IFD2: photoTags })
    .jpeg()
    .toBuffer();
  return (await sharp(image).metadata()).exif;
};

describe("capturedAtFromExif", () => {
  it("applies OffsetTimeOriginal to get the true instant", async () => {
    const exif = await exifOf({ DateTimeOriginal: "2024:12:31 23:30:00", OffsetTimeOriginal: "-05:00" });
    expect(capturedAtFromExif(exif)).toBe("2025-01-01T04:30:00.000Z");
  });

  it("labels the wall-clock time UTC when the camera wrote no offset", async () => {
    const exif = await exifOf({ DateTimeOriginal: "2019:07:14 16:20:05" });
    expect(capturedAtFromExif(exif)).toBe("2019-07-14T16:20:05.000Z");
  });

  it("ignores the placeholder of a camera whose clock was never set", async () => {
    const exif = await exifOf({ DateTimeOriginal: "0000:00:00 00:00:00" });
    expect(capturedAtFromExif(exif)).toBeUndefined();
  });

  it("gives undefined without DateTimeOriginal, without EXIF, and for unreadable EXIF", async () => {
    expect(capturedAtFromExif(await exifOf({ UserComment: "no date here" }))).toBeUndefined();
    expect(capturedAtFromExif(undefined)).toBeUndefined();
    expect(capturedAtFromExif(Buffer.from("Exif\0\0garbage"))).toBeUndefined();
  });
});
