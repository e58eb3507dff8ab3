import { describe, expect, it } from "vitest";
import { decodeBytes } from "../../src/decode-cost.ts";

const MIB = 1024 * 1024;

describe("decodeBytes", () => {
  it("counts a whole interlaced frame, 16-bit samples twice, plus the working copy", () => {
    const png = {
      format: "png",
      width: 7000,
      height: 7000,
      channels: 4,
      depth: "ushort",
      isProgressive: true,
    } as const;
    // Measured with sharp: 462 MiB resident for this image.
    expect(decodeBytes(png, 640) / MIB).toBeCloseTo(467, 0);
  });

  it("counts one frame of a non-interlaced PNG", () => {
    const png = {
      format: "png",
      width: 7000,
      height: 7000,
      channels: 3,
      depth: "uchar",
      isProgressive: false,
    } as const;
    expect(decodeBytes(png, 640)).toBe(7000 * 7000 * 3);
  });

  it("lets a baseline 48 Mpx JPEG shrink on load by 8", () => {
    const jpeg = {
      format: "jpeg",
      width: 8000,
      height: 6000,
      channels: 3,
      depth: "uchar",
      isProgressive: false,
    } as const;
    expect(decodeBytes(jpeg, 640)).toBe((8000 * 6000 * 3) / 64);
    // A large thumbnail edge shrinks less: 8000 / 2000 = 4.
    expect(decodeBytes(jpeg, 2000)).toBe((8000 * 6000 * 3) / 16);
  });

  it("counts every DCT coefficient of a progressive JPEG (2 bytes per sample)", () => {
    const jpeg = {
      format: "jpeg",
      width: 8000,
      height: 6000,
      channels: 3,
      depth: "uchar",
      isProgressive: true,
    } as const;
    // Measured with sharp: 287 MiB resident for a 4:4:4 progressive JPEG of this size.
    expect(decodeBytes(jpeg, 640) / MIB).toBeCloseTo(275, 0);
  });
});
