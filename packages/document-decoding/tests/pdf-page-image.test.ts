import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { DocumentRefusedError, pdfPageDecodeBytes, pdfPageImage, readPdfPages } from "../src/index.ts";
import { coffeeJpeg, fixture, rejectionOf } from "./helpers/fixtures.ts";

const MIB = 1024 * 1024;
const limits = { maxPixels: 50_000_000, maxDecodeBytes: 384 * MIB };

const refusalOf = async (promise: Promise<unknown>): Promise<DocumentRefusedError> => {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(DocumentRefusedError);
  return error as DocumentRefusedError;
};

describe("pdfPageImage", () => {
  it("takes a scanned page's image out as raw RGB: the very photo that was scanned", async () => {
    // Act
    const scan = await pdfPageImage(fixture("scanned-receipt.pdf"), 1, limits);

    // Assess
    expect(scan?.raw).toEqual({ width: 600, height: 400, channels: 3 });
    const { channels } = await sharp(scan?.data, { raw: scan?.raw }).stats();
    const { channels: original } = await sharp(coffeeJpeg()).stats();
    channels.forEach((channel, index) => {
      expect(Math.abs(channel.mean - (original[index]?.mean ?? 0))).toBeLessThan(2);
    });
  });

  it("finds no image on a text page, nor on an empty one", async () => {
    expect(await pdfPageImage(fixture("mixed.pdf"), 1, limits)).toBeUndefined();
    expect(await pdfPageImage(fixture("mixed.pdf"), 3, limits)).toBeUndefined();
    expect((await pdfPageImage(fixture("mixed.pdf"), 2, limits))?.raw.width).toBe(600);
  });

  it("refuses a 400 Mpx image of 50 KB from its dictionary, before pdfjs decodes it", async () => {
    // Prepare
    const bomb = fixture("image-bomb.pdf");
    const memoryBefore = process.memoryUsage().rss;

    // Act
    const refusal = await refusalOf(pdfPageImage(bomb, 1, limits));

    // Assess
    expect(refusal.code).toBe("TOO_MANY_PIXELS");
    expect(refusal.message).toBe(
      "page 1 of the PDF holds an image of 400.0 Mpx, more than the 50.0 Mpx allowed; scan the receipt at a lower resolution",
    );
    expect(process.memoryUsage().rss - memoryBefore).toBeLessThan(100 * MIB);
  });

  it("refuses a page whose images would take more memory to decode than allowed", async () => {
    // 600x400 at 8 bytes a pixel, plus pdfjs' 48 MiB = 50 MiB
    const refusal = await refusalOf(
      pdfPageImage(fixture("scanned-receipt.pdf"), 1, { ...limits, maxDecodeBytes: 49 * MIB }),
    );

    expect(refusal.code).toBe("TOO_LARGE_TO_DECODE");
    expect(refusal.message).toMatch(
      /page 1 of the PDF would take about 50 MiB of memory, more than the 49 MiB allowed/,
    );
  });

  it("inspects first: an encrypted PDF is refused as such", async () => {
    expect((await refusalOf(pdfPageImage(fixture("encrypted.pdf"), 1, limits))).code).toBe("PDF_ENCRYPTED");
  });

  it("throws a RangeError for a page the PDF does not have", async () => {
    await expect(pdfPageImage(fixture("scanned-receipt.pdf"), 2, limits)).rejects.toThrow(
      new RangeError("page 2 does not exist: the PDF has pages 1 to 1"),
    );
  });
});

describe("readPdfPages", () => {
  it("gives each page as text, else image, else empty, one at a time", async () => {
    // Act
    const pages = [];
    for await (const page of readPdfPages(fixture("mixed.pdf"), limits)) pages.push(page);

    // Assess
    expect(pages.map((page) => [page.pageNumber, page.kind])).toEqual([
      [1, "text"],
      [2, "image"],
      [3, "empty"],
    ]);
    expect(pages[0]).toMatchObject({ lines: ["Page one has text"] });
    expect(pages[1]).toMatchObject({ image: { raw: { width: 600, height: 400, channels: 3 } } });
  });

  it("refuses an over-limit image when it reaches its page", async () => {
    const pages = readPdfPages(fixture("image-bomb.pdf"), limits);
    const refusal = await refusalOf(pages.next());
    expect(refusal.code).toBe("TOO_MANY_PIXELS");
  });
});

describe("pdfPageDecodeBytes", () => {
  it("counts every image on the page, 8 bytes a pixel, plus pdfjs' own 48 MiB", () => {
    expect(pdfPageDecodeBytes([])).toBe(48 * MIB);
    expect(
      pdfPageDecodeBytes([
        { width: 2480, height: 3508 },
        { width: 100, height: 100 },
      ]),
    ).toBe(48 * MIB + (2480 * 3508 + 100 * 100) * 8);
  });

  /* Against the peak resident memory measured above the loaded bundle (bench/pdf-page-image.mjs). */
  it.each([
    { width: 600, height: 400, measuredMiB: 45 },
    { width: 2480, height: 3508, measuredMiB: 102 },
    { width: 4032, height: 3024, measuredMiB: 127 },
  ])("never counts less than measured for a $width x $height scan", ({ width, height, measuredMiB }) => {
    expect(pdfPageDecodeBytes([{ width, height }])).toBeGreaterThanOrEqual(measuredMiB * MIB);
  });
});
