import { readFileSync } from "node:fs";
import type { AnalyzeExpenseResponse, ExpenseField } from "@aws-sdk/client-textract";
import type { OcrLine } from "../../src/index.ts";

const fixture = (path: string): string =>
  readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");

/** A line of its own, `=== page ===`, starts the next page of a text fixture. */
const PAGE_BREAK = /^=== page ===$/m;

/** OCR lines as text: one OcrLine per line, every line at the same confidence. */
export const ocrPagesOfText = (text: string, confidence = 92): OcrLine[][] =>
  text.split(PAGE_BREAK).map((page) =>
    page
      .split("\n")
      .filter((line) => line.trim().length > 0)
      .map((line) => ({ text: line, confidence })),
  );

/** A receipt from tests/fixtures/text, as tesseract would hand its lines over. */
export const ocrReceipt = (name: string, confidence = 92): OcrLine[][] =>
  ocrPagesOfText(fixture(`text/${name}.txt`), confidence);

/** An AnalyzeExpense response from tests/fixtures/textract. */
export const textractResponse = (name: string): AnalyzeExpenseResponse =>
  JSON.parse(fixture(`textract/${name}.json`)) as AnalyzeExpenseResponse;

/** A long till roll: `count` widgets at varying prices and their total, with a thousands separator. */
export const longReceipt = (count: number): { pages: OcrLine[][]; totalCents: number } => {
  const prices = Array.from({ length: count }, (_, index) => 500 + ((index * 3_779) % 2_000));
  const totalCents = prices.reduce((sum, cents) => sum + cents, 0);
  const money = (cents: number) =>
    `${Math.floor(cents / 100).toLocaleString("en-US")}.${String(cents % 100).padStart(2, "0")}`;
  const lines = [
    "MEGA MART",
    "1000 Commerce Blvd",
    "Dallas, TX 75201",
    ...prices.map((cents, index) => `WIDGET NO ${String(index + 1).padStart(3, "0")} ${money(cents)}`),
    `TOTAL $${money(totalCents)}`,
    "03/14/2025 18:02",
  ];
  return { pages: [lines.map((text) => ({ text, confidence: 90 }))], totalCents };
};

/** Every summary field of a type, across the response's documents. */
export const summaryFields = (response: AnalyzeExpenseResponse, type: string): ExpenseField[] =>
  (response.ExpenseDocuments ?? [])
    .flatMap((document) => document.SummaryFields ?? [])
    .filter((field) => field.Type?.Text === type);

/** The one summary field of a type; fails the test when there is none or several. */
export const summaryField = (response: AnalyzeExpenseResponse, type: string): ExpenseField => {
  const fields = summaryFields(response, type);
  if (fields.length !== 1) throw new Error(`expected one ${type}, found ${fields.length}`);
  return fields[0] as ExpenseField;
};

/** The line items of a response as [type, text] pairs per item. */
export const lineItemTexts = (response: AnalyzeExpenseResponse): Record<string, string | undefined>[] =>
  (response.ExpenseDocuments ?? [])
    .flatMap((document) => document.LineItemGroups ?? [])
    .flatMap((group) => group.LineItems ?? [])
    .map((item) =>
      Object.fromEntries(
        (item.LineItemExpenseFields ?? [])
          .filter((field) => field.Type?.Text !== "EXPENSE_ROW")
          .map((field) => [field.Type?.Text ?? "", field.ValueDetection?.Text]),
      ),
    );
