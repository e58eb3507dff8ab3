import { describe, expect, it } from "vitest";
import { DocumentRefusedError, pdfTextPages } from "../src/index.ts";
import { linesInReadingOrder } from "../src/pdf/text-lines.ts";
import { fixture, rejectionOf } from "./helpers/fixtures.ts";

describe("pdfTextPages on real PDFs", () => {
  it("reads a printed receipt's text layer as lines, items and prices side by side", async () => {
    // The fixture draws each price before its item, in a column of its own.
    expect(await pdfTextPages(fixture("text-receipt.pdf"))).toEqual([
      {
        pageNumber: 1,
        lines: [
          "SHOEBOX CAFE",
          "12 Market Street",
          "Espresso 2.50",
          "Croissant x2 4.20",
          "TOTAL 6.70",
          "2025-11-24 10:15",
        ],
      },
    ]);
  });

  it("gives a scanned page, and an empty one, no lines", async () => {
    expect(await pdfTextPages(fixture("mixed.pdf"))).toEqual([
      { pageNumber: 1, lines: ["Page one has text"] },
      { pageNumber: 2, lines: [] },
      { pageNumber: 3, lines: [] },
    ]);
  });

  it("inspects first: an active PDF is refused before its content is read", async () => {
    const error = await rejectionOf(pdfTextPages(fixture("javascript.pdf")));

    expect(error).toBeInstanceOf(DocumentRefusedError);
    expect(error).toMatchObject({ code: "PDF_ACTIVE_CONTENT" });
  });

  it("applies the page limit", async () => {
    expect(await rejectionOf(pdfTextPages(fixture("eleven-pages.pdf")))).toMatchObject({
      code: "PDF_TOO_MANY_PAGES",
    });
  });
});

const run = (text: string, x: number, y: number, width = text.length * 6, height = 12) => ({
  text,
  x,
  y,
  width,
  height,
});

describe("linesInReadingOrder", () => {
  it("puts lines top to bottom and runs left to right, whatever the drawing order", () => {
    expect(
      linesInReadingOrder([
        run("TOTAL", 72, 600),
        run("6.70", 400, 600),
        run("SHOP", 72, 700),
        run("1.00", 400, 650),
        run("Tea", 72, 650),
      ]),
    ).toEqual(["SHOP", "Tea 1.00", "TOTAL 6.70"]);
  });

  it("keeps runs on one line when their baselines differ by less than half a font size", () => {
    expect(linesInReadingOrder([run("Tea", 72, 650), run("1.00", 400, 645)])).toEqual(["Tea 1.00"]);
    expect(linesInReadingOrder([run("Tea", 72, 650), run("1.00", 400, 643)])).toEqual(["Tea", "1.00"]);
  });

  it("joins the pieces of a word drawn as separate runs, and spaces words apart", () => {
    expect(
      linesInReadingOrder([run("Cap", 72, 650, 18), run("puccino", 90, 650, 42), run("3.10", 140, 650)]),
    ).toEqual(["Cappuccino 3.10"]);
  });

  it("leaves out blank runs and collapses whitespace", () => {
    expect(linesInReadingOrder([run("  ", 72, 700), run("Tea ", 72, 650), run(" 1.00", 96, 650)])).toEqual([
      "Tea 1.00",
    ]);
  });
});
