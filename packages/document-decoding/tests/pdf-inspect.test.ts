import { describe, expect, it } from "vitest";
import { DocumentRefusedError, inspectPdf } from "../src/index.ts";
import { coffeeJpeg, fixture, rejectionOf } from "./helpers/fixtures.ts";

const refusalOf = async (promise: Promise<unknown>): Promise<DocumentRefusedError> => {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(DocumentRefusedError);
  return error as DocumentRefusedError;
};

describe("inspectPdf passes plain receipts", () => {
  it.each([
    ["text-receipt.pdf", 1, { width: 595, height: 842 }],
    ["scanned-receipt.pdf", 1, { width: 600, height: 400 }],
    ["mixed.pdf", 3, { width: 595, height: 842 }],
  ])("passes %s: %i page(s), the first one's size in points", async (name, pages, firstPage) => {
    const inspection = await inspectPdf(fixture(name));

    expect(inspection.pages).toBe(pages);
    expect(inspection.pageSizes[0]).toEqual(firstPage);
  });

  it("passes an e-invoice's attached XML (Factur-X, ZUGFeRD): it is data, not a program", async () => {
    expect((await inspectPdf(fixture("embedded-xml.pdf"))).pages).toBe(1);
  });

  it("passes eleven pages when the caller allows them", async () => {
    expect((await inspectPdf(fixture("eleven-pages.pdf"), { maxPages: 11 })).pages).toBe(11);
  });
});

describe("inspectPdf refuses, saying what is wrong and what to do", () => {
  it("refuses an encrypted PDF", async () => {
    const refusal = await refusalOf(inspectPdf(fixture("encrypted.pdf")));

    expect(refusal.code).toBe("PDF_ENCRYPTED");
    expect(refusal.message).toBe("the PDF is encrypted: upload it without a password");
  });

  it("refuses an /OpenAction that runs JavaScript, though it hides in a compressed object stream", async () => {
    // Prepare: a scan of the raw bytes finds nothing
    const javascript = fixture("javascript.pdf");
    expect(javascript.includes("JavaScript")).toBe(false);

    // Act
    const refusal = await refusalOf(inspectPdf(javascript));

    // Assess
    expect(refusal.code).toBe("PDF_ACTIVE_CONTENT");
    expect(refusal.message).toBe(
      "the PDF runs JavaScript: upload a plain PDF of the receipt (print it to PDF again, or scan the paper)",
    );
  });

  it("refuses JavaScript whose names are spelt with lower-case #xx escapes (/#4aavaScript, /#4aS)", async () => {
    // Prepare
    const escaped = fixture("javascript-escaped.pdf");
    expect(escaped.includes("/#4aavaScript")).toBe(true);

    // Act
    const refusal = await refusalOf(inspectPdf(escaped));

    // Assess

    expect(refusal.code).toBe("PDF_ACTIVE_CONTENT");
    expect(refusal.message).toMatch(/^the PDF runs JavaScript/);
  });

  it("refuses a link that launches a program", async () => {
    const refusal = await refusalOf(inspectPdf(fixture("launch.pdf")));

    expect(refusal.code).toBe("PDF_ACTIVE_CONTENT");
    expect(refusal.message).toMatch(/^the PDF launches a program or opens a file outside the PDF:/);
  });

  it("refuses an attached program, naming it", async () => {
    const refusal = await refusalOf(inspectPdf(fixture("embedded-exe.pdf")));

    expect(refusal.code).toBe("PDF_ACTIVE_CONTENT");
    expect(refusal.message).toMatch(
      /^the PDF carries an attached file \(invoice\.exe\); only an e-invoice's XML may be attached:/,
    );
  });

  it("refuses more pages than the default ten", async () => {
    const refusal = await refusalOf(inspectPdf(fixture("eleven-pages.pdf")));

    expect(refusal.code).toBe("PDF_TOO_MANY_PAGES");
    expect(refusal.message).toBe(
      "the PDF has 11 pages, more than the 10 a receipt may have: upload each receipt as a PDF of its own",
    );
  });

  it("applies the caller's page limit", async () => {
    expect((await refusalOf(inspectPdf(fixture("mixed.pdf"), { maxPages: 2 }))).code).toBe(
      "PDF_TOO_MANY_PAGES",
    );
  });

  it.each([
    ["text named .pdf", fixture("not-a-pdf.pdf")],
    ["a JPEG", coffeeJpeg()],
    ["nothing", Buffer.alloc(0)],
  ])("refuses %s as NOT_PDF", async (_, bytes) => {
    const refusal = await refusalOf(inspectPdf(bytes));

    expect(refusal.code).toBe("NOT_PDF");
    expect(refusal.message).toBe("the file is not a PDF, whatever its name says");
  });

  it("refuses a PDF header with no document behind it as CORRUPT", async () => {
    const refusal = await refusalOf(inspectPdf(Buffer.from("%PDF-1.7\n%%EOF\n")));

    expect(refusal.code).toBe("CORRUPT");
    expect(refusal.message).toBe(
      "the PDF is damaged or incomplete and could not be read; upload the original file again",
    );
  });
});
