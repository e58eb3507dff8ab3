import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvField, neutraliseFormula, toCsv } from "../../src/csv.ts";

describe("neutraliseFormula", () => {
  it.each([
    ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["+1+1", "'+1+1"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
  ])("prefixes %j, which a spreadsheet would run, with a quote", (cell, written) => {
    expect(neutraliseFormula(cell)).toBe(written);
  });

  it.each(["-12.50", "-3", "12.50", "Café = good", "a+b", "", "'=already"])(
    "leaves %j alone: no formula start, or a plain number",
    (cell) => {
      expect(neutraliseFormula(cell)).toBe(cell);
    },
  );
});

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["a, b", '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["carriage\rreturn", '"carriage\rreturn"'],
    ['=HYPERLINK("http://x", "y")', '"\'=HYPERLINK(""http://x"", ""y"")"'],
  ])("writes %j as %j", (cell, written) => {
    expect(csvField(cell)).toBe(written);
  });
});

describe("toCsv", () => {
  it("ends every record, the header's included, in CRLF", () => {
    expect(toCsv(["a", "b"], [["1", "2"]])).toBe("a,b\r\n1,2\r\n");
  });

  it("is read back by an RFC 4180 parser as the same fields, quotes, commas, line breaks and all", () => {
    // Prepare
    const header = ["merchant", "total"];
    const rows = [
      ['Joe\'s "Diner", Main St', "12.50"],
      ["Two\r\nline\nreceipt", "-3.00"],
      ["Bäckerei Müller 🥨", "0.05"],
      ["", ""],
    ];

    // Act
    const parsed = parse(toCsv(header, rows), { record_delimiter: "\r\n" });

    // Assess
    expect(parsed).toEqual([header, ...rows]);
  });
});
