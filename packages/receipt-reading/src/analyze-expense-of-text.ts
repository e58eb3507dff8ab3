/*
 * The offline reader's answer: OCR lines parsed into Textract's AnalyzeExpense response, so that
 * one normaliser reads both readers and nothing downstream can tell them apart.
 */
import type { AnalyzeExpenseResponse, ExpenseField, LineItemFields } from "@aws-sdk/client-textract";
import { currencyCodesIn, receiptCurrencyOf } from "./currency.ts";
import { decimalSeparatorOf } from "./decimal-separator.ts";
import { expenseFieldOf } from "./expense-fields.ts";
import { type ReadItem, readLineItems } from "./line-items.ts";
import type { ReadCurrency } from "./locale.ts";
import { localeCuesOf } from "./locale-cues.ts";
import { readMerchant } from "./merchant.ts";
import type { OcrLine } from "./ocr-line.ts";
import { readReceiptDate } from "./receipt-date.ts";
import { readReceiptLines, scanPages } from "./receipt-lines.ts";
import type { ReadSummaryAmount } from "./summary-amount.ts";
import { readTotals } from "./totals.ts";

const amountField = (
  type: string,
  read: ReadSummaryAmount,
  receiptCurrency: ReadCurrency | undefined,
): ExpenseField =>
  expenseFieldOf({
    type,
    text: read.amount.text,
    certainty: read.certainty,
    ocrConfidence: read.line.confidence,
    page: read.line.page,
    label: read.label !== undefined ? { text: read.label, ocrConfidence: read.line.confidence } : undefined,
    currency: read.amount.currency ?? receiptCurrency,
  });

const lineItemOf = (item: ReadItem, receiptCurrency: ReadCurrency | undefined): LineItemFields => {
  const common = { certainty: item.certainty, ocrConfidence: item.line.confidence, page: item.line.page };
  return {
    LineItemExpenseFields: [
      expenseFieldOf({ ...common, type: "ITEM", text: item.description }),
      ...(item.quantity ? [expenseFieldOf({ ...common, type: "QUANTITY", text: item.quantity.text })] : []),
      ...(item.unitPrice
        ? [
            expenseFieldOf({
              ...common,
              type: "UNIT_PRICE",
              text: item.unitPrice.text,
              currency: item.unitPrice.currency ?? receiptCurrency,
            }),
          ]
        : []),
      ...(item.amount
        ? [
            expenseFieldOf({
              ...common,
              type: "PRICE",
              text: item.amount.text,
              currency: item.amount.currency ?? receiptCurrency,
            }),
          ]
        : []),
      expenseFieldOf({ ...common, type: "EXPENSE_ROW", text: item.row }),
    ],
  };
};

/**
 * OCR lines (one array per page, in reading order, confidence 0-100) as Textract's AnalyzeExpense
 * response: one ExpenseDocument with VENDOR_NAME, INVOICE_RECEIPT_DATE, SUBTOTAL, TAX, GRATUITY,
 * TOTAL and AMOUNT_PAID where read, and the items as one LineItemGroup (ITEM, QUANTITY, UNIT_PRICE, PRICE,
 * EXPENSE_ROW). Values are as printed; confidences combine OCR's with how sure the parse is.
 * Pure and deterministic.
 *
 * @example
 * analyzeExpenseOfText([[{ text: "CAFE LUNA", confidence: 95 }, { text: "TOTAL $4.50", confidence: 91 }]]);
 * // { DocumentMetadata: { Pages: 1 }, ExpenseDocuments: [{ ExpenseIndex: 1, SummaryFields: [VENDOR_NAME, TOTAL], LineItemGroups: [] }] }
 */
export const analyzeExpenseOfText = (pages: OcrLine[][]): AnalyzeExpenseResponse => {
  const pageList = Array.isArray(pages) ? pages.map((page) => (Array.isArray(page) ? page : [])) : [];
  const scanned = scanPages(pageList);
  const decimalSeparator = decimalSeparatorOf(
    scanned.flatMap((line) => line.printedAmounts.map((amount) => amount.digits)),
  );
  const currency = receiptCurrencyOf(
    scanned.flatMap((line) => [
      ...line.printedAmounts.flatMap((amount) => amount.currency ?? []),
      ...currencyCodesIn(line.words),
    ]),
    decimalSeparator,
    localeCuesOf(scanned),
  );
  const lines = readReceiptLines(scanned, {
    decimalSeparator: decimalSeparator ?? ".",
    currencyCode: currency?.code,
  });

  const merchant = readMerchant(lines.filter((line) => line.page === 1));
  const date = readReceiptDate(lines, { currency, decimalSeparator });
  const allItems = readLineItems(lines);
  const totals = readTotals(lines, allItems);
  const items = allItems.filter((item) => item.line !== totals.totalLine);

  const summaryFields: ExpenseField[] = [
    ...(merchant
      ? [
          expenseFieldOf({
            type: "VENDOR_NAME",
            text: merchant.name,
            certainty: merchant.certainty,
            ocrConfidence: merchant.line.confidence,
            page: merchant.line.page,
          }),
        ]
      : []),
    ...(date
      ? [
          expenseFieldOf({
            type: "INVOICE_RECEIPT_DATE",
            text: date.printed.text,
            certainty: date.certainty,
            ocrConfidence: date.line.confidence,
            page: date.line.page,
            label:
              date.label !== undefined
                ? { text: date.label, ocrConfidence: date.line.confidence }
                : undefined,
            // The currency the date's day/month order was read for: the normaliser reads the
            // order from it too, also on a receipt whose every amount OCR lost.
            currency,
          }),
        ]
      : []),
    ...(totals.subtotal ? [amountField("SUBTOTAL", totals.subtotal, currency)] : []),
    ...totals.taxes.map((tax) => amountField("TAX", tax, currency)),
    ...(totals.tip ? [amountField("GRATUITY", totals.tip, currency)] : []),
    ...(totals.total ? [amountField("TOTAL", totals.total, currency)] : []),
    ...(totals.amountPaid ? [amountField("AMOUNT_PAID", totals.amountPaid, currency)] : []),
  ];

  return {
    DocumentMetadata: { Pages: pageList.length },
    ExpenseDocuments: [
      {
        ExpenseIndex: 1,
        SummaryFields: summaryFields,
        LineItemGroups:
          items.length > 0
            ? [{ LineItemGroupIndex: 1, LineItems: items.map((item) => lineItemOf(item, currency)) }]
            : [],
      },
    ],
  };
};
