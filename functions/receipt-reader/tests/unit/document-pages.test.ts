import { PermanentError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import {
  assertReadableType,
  type DocumentPage,
  documentKindOf,
  documentPagesOf,
} from "../../src/document-pages.ts";
import { blankPdf, decodingFixture, heicReceipt } from "../helpers/documents.ts";
import { bakeryReceipt, phonePhoto } from "../helpers/receipts.ts";

const refusalOf = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  return expect.fail("expected a refusal");
};

describe("documentKindOf", () => {
  it("takes every image type shoebox accepts, whatever the case and parameters", () => {
    for (const type of ["image/jpeg", "image/png", "image/webp", "image/gif", "image/tiff"]) {
      expect(documentKindOf(type)).toBe("image");
    }
    expect(documentKindOf("Image/JPEG; charset=binary")).toBe("image");
  });

  it("tells HEIC and PDF apart from what is no receipt at all", () => {
    expect(documentKindOf("image/heic")).toBe("heic");
    expect(documentKindOf("image/heif")).toBe("heic");
    expect(documentKindOf("image/avif")).toBe("image"); // HEIF too, but AV1: sharp decodes it
    expect(documentKindOf("application/pdf")).toBe("pdf");
    expect(documentKindOf("image/svg+xml")).toBeUndefined();
    expect(documentKindOf("text/plain")).toBeUndefined();
  });
});

describe("assertReadableType: refused before the file is downloaded", () => {
  it("refuses a type that is no receipt as ReceiptUnreadable, a PermanentError, naming the kinds it takes", () => {
    const error = refusalOf(() => assertReadableType("image/svg+xml"));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.name).toBe("ReceiptUnreadable");
    expect(error.message).toMatch(
      /^a file of type "image\/svg\+xml" is not a receipt image; upload a photo of the receipt \(JPEG, PNG, .*HEIC.*PDF/,
    );
  });

  it("lets every accepted type through, HEIC and PDF included", () => {
    for (const type of ["image/png", "image/heic", "image/heif", "application/pdf"]) {
      expect(() => assertReadableType(type)).not.toThrow();
    }
  });
});

const MIB = 1024 * 1024;
const limits = { maxInputPixels: 50_000_000, maxDecodeBytes: 512 * MIB };

const pagesOf = async (bytes: Uint8Array, pageLimits = limits): Promise<DocumentPage[]> => {
  const pages: DocumentPage[] = [];
  for await (const page of documentPagesOf(bytes, pageLimits)) pages.push(page);
  return pages;
};

const unreadableOf = (bytes: Uint8Array, pageLimits = limits) =>
  pagesOf(bytes, pageLimits).then(
    () => expect.fail("expected ReceiptUnreadable"),
    (error: Error) => {
      expect(error).toBeInstanceOf(PermanentError);
      return { name: error.name, message: error.message };
    },
  );

describe("documentPagesOf", () => {
  it("answers an image sharp decodes as its one page, the bytes untouched", async () => {
    const jpeg = await phonePhoto(bakeryReceipt, 300);
    expect(await pagesOf(jpeg)).toEqual([{ image: jpeg }]);
  });

  it("decodes a HEIC photo into one page of raw pixels, turned upright as its orientation says", async () => {
    // Act
    const [page, ...rest] = await pagesOf(heicReceipt());

    // Assess: stored 848 x 900 (sideways), read 900 x 848, as the slip stands
    expect(rest).toEqual([]);
    expect(page).toMatchObject({ raw: { width: 900, height: 848, channels: 3 } });
    expect(page && "image" in page && page.image.byteLength).toBe(900 * 848 * 3);
  });

  it("reads a PDF's text layer as lines in reading order, each of confidence 100", async () => {
    const pages = await pagesOf(decodingFixture("text-receipt.pdf"));

    expect(pages).toEqual([
      {
        lines: [
          "SHOEBOX CAFE",
          "12 Market Street",
          "Espresso 2.50",
          "Croissant x2 4.20",
          "TOTAL 6.70",
          "2025-11-24 10:15",
        ].map((text) => ({ text, confidence: 100 })),
      },
    ]);
  });

  it("answers a PDF's text page as lines, its scanned page as raw pixels, and skips its blank page", async () => {
    // mixed.pdf: page 1 text, page 2 a 600 x 400 scan, page 3 nothing
    const pages = await pagesOf(decodingFixture("mixed.pdf"));

    expect(pages).toHaveLength(2);
    expect(pages[0]).toEqual({ lines: [{ text: "Page one has text", confidence: 100 }] });
    expect(pages[1]).toMatchObject({ raw: { width: 600, height: 400, channels: 3 } });
  });

  it("refuses a PDF with nothing to read on any page, saying what to upload instead", async () => {
    expect(await unreadableOf(await blankPdf())).toEqual({
      name: "ReceiptUnreadable",
      message:
        "the PDF has no text and no image this reader can read (its pages are blank, or drawn as vector shapes or JPEG 2000 images); upload a photo or a screenshot of the receipt as a JPEG or PNG",
    });
  });

  it("refuses an encrypted PDF as ReceiptUnreadable with its reason", async () => {
    expect(await unreadableOf(decodingFixture("encrypted.pdf"))).toEqual({
      name: "ReceiptUnreadable",
      message: "the PDF is encrypted: upload it without a password",
    });
  });

  it("refuses a PDF that runs JavaScript, saying how to get a plain one", async () => {
    const { name, message } = await unreadableOf(decodingFixture("javascript.pdf"));
    expect(name).toBe("ReceiptUnreadable");
    expect(message).toMatch(
      /^the PDF .*JavaScript.*: upload a plain PDF of the receipt \(print it to PDF again, or scan the paper\)$/i,
    );
  });

  it("refuses a PDF of more pages than a receipt has", async () => {
    const { message } = await unreadableOf(decodingFixture("eleven-pages.pdf"));
    expect(message).toMatch(/^the PDF has 11 pages, more than the 10 a receipt may have/);
  });

  it("refuses a PDF page whose image has more pixels than MAX_INPUT_PIXELS, before decoding it", async () => {
    // image-bomb.pdf: a 20000 x 20000 image in 50 KB
    const { message } = await unreadableOf(decodingFixture("image-bomb.pdf"));
    expect(message).toBe(
      "page 1 of the PDF holds an image of 400.0 Mpx, more than the 50.0 Mpx allowed; scan the receipt at a lower resolution",
    );
  });

  it("refuses a HEIC over MAX_INPUT_PIXELS, and one over the decode budget, from its header", async () => {
    // large.heic: 8000 x 7000, 56 Mpx
    const tooManyPixels = await unreadableOf(decodingFixture("large.heic"));
    expect(tooManyPixels.message).toMatch(
      /^the image has 8000x7000 pixels \(56\.0 Mpx\), more than the 50\.0 Mpx allowed/,
    );

    const overBudget = await unreadableOf(heicReceipt(), { ...limits, maxDecodeBytes: 32 * MIB });
    expect(overBudget.message).toMatch(
      /^reading this HEIC image would take about \d+ MiB of memory, more than the 32 MiB allowed/,
    );
  });

  it("refuses a damaged HEIC as ReceiptUnreadable, never a crash", async () => {
    const heic = heicReceipt();
    const { message } = await unreadableOf(heic.subarray(0, heic.byteLength / 2));
    expect(message).toMatch(/^the HEIC image is (damaged|incomplete)/);
  });
});
