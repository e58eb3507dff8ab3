/*
 * Either reader's AnalyzeExpense response as the workflow's reading. Textract may answer several
 * candidates of a field (two TOTALs), a field only as a label, an AMOUNT_PAID instead of a TOTAL,
 * or nothing at all; values are as printed ("$12.50", "03/14/2025"). Each field is the
 * highest-confidence candidate that parses, read with the same amount and date code as the
 * offline reader's text. An odd response answers nulls, never an exception.
 */
import type { AnalyzeExpenseResponse, ExpenseField } from "@aws-sdk/client-textract";
import {
  MAX_READ_LINE_ITEMS,
  MAX_READ_TEXT,
  type ReadLineItem,
  type ReceiptReader,
  type ReceiptReading,
} from "@shoebox/schemas";
import { type AmountFormat, findPrintedAmounts, parseAmountText, sameMoney } from "./amounts.ts";
import { certaintyOfPercent, roundCertainty } from "./confidence.ts";
import { currencyCodesIn, isCurrencyCode, receiptCurrencyOf } from "./currency.ts";
import { parseDateText } from "./dates.ts";
import { decimalSeparatorOf } from "./decimal-separator.ts";
import { type LabelKind, labelOf } from "./labels.ts";
import type { ReadCurrency } from "./locale.ts";

/** Field types whose value is money. */
const AMOUNT_TYPES = new Set([
  "TOTAL",
  "SUBTOTAL",
  "TAX",
  "GRATUITY",
  "AMOUNT_PAID",
  "AMOUNT_DUE",
  "PRICE",
  "UNIT_PRICE",
]);
/** An AMOUNT_PAID stands in for a missing TOTAL: usually equal, but cash tendered is not. */
const AMOUNT_PAID_AS_TOTAL_FACTOR = 0.8;
/** Textract names the vendor NAME (grouped as VENDOR) when it is not sure it is the VENDOR_NAME. */
const VENDOR_GROUP_NAME_FACTOR = 0.8;
/** A TOTAL whose printed label says change, cash or savings is most likely not the total. */
const DISTRACTOR_LABEL_FACTOR = 0.5;
const DISTRACTOR_KINDS: ReadonlySet<LabelKind> = new Set([
  "subtotal",
  "tax",
  "cash",
  "change",
  "savings",
  "points",
  "count",
  "reference",
]);

/** One field as the normaliser weighs it; every property checked, as the response may be odd. */
interface Candidate {
  type: string;
  text: string;
  label: string | undefined;
  confidence: number;
  currency: ReadCurrency | undefined;
  groupTypes: string[];
}

const arrayOf = <T>(value: readonly T[] | null | undefined): T[] => (Array.isArray(value) ? [...value] : []);
const stringOf = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim().length > 0 ? value.replace(/\s+/g, " ").trim() : undefined;

const candidateOf = (field: ExpenseField | null | undefined): Candidate | undefined => {
  const type = stringOf(field?.Type?.Text)?.toUpperCase();
  const text = stringOf(field?.ValueDetection?.Text);
  // A field with only a label ("TOTAL" printed, no value read) answers nothing.
  if (type === undefined || text === undefined) return undefined;
  const valueConfidence = certaintyOfPercent(field?.ValueDetection?.Confidence);
  const typeConfidence = certaintyOfPercent(field?.Type?.Confidence);
  // A value nobody vouches for is not read: the reading says null rather than invent a confidence.
  if (valueConfidence === undefined && typeConfidence === undefined) return undefined;
  // Either alone, or the smaller: a sure reading of the wrong field is not a sure field.
  const confidence = Math.min(valueConfidence ?? 1, typeConfidence ?? 1);
  const code = stringOf(field?.Currency?.Code)?.toUpperCase();
  return {
    type,
    text,
    label: stringOf(field?.LabelDetection?.Text),
    confidence,
    currency:
      code !== undefined && isCurrencyCode(code)
        ? { code, certainty: certaintyOfPercent(field?.Currency?.Confidence) ?? confidence }
        : undefined,
    groupTypes: arrayOf(field?.GroupProperties).flatMap((group) =>
      arrayOf(group?.Types).filter((t) => typeof t === "string"),
    ),
  };
};

const byConfidence = <T extends { confidence: number }>(candidates: readonly T[]): T[] =>
  [...candidates].sort((a, b) => b.confidence - a.confidence);

const capText = (text: string): string => text.slice(0, MAX_READ_TEXT);

interface ValuedCandidate extends Candidate {
  value: number;
}

const valued = (candidates: readonly Candidate[], format: AmountFormat): ValuedCandidate[] =>
  candidates.flatMap((candidate) => {
    const amount = parseAmountText(candidate.text, format);
    return amount === undefined ? [] : [{ ...candidate, value: amount.value }];
  });

const fieldOf = <T>(value: T, confidence: number) => ({ value, confidence: roundCertainty(confidence) });

const addedUp = (values: readonly number[]): number =>
  values.reduce((sum, value) => sum + Math.round(value * 100), 0) / 100;

/**
 * The total: a TOTAL that is another TOTAL plus the GRATUITY (the amount charged), else one that
 * subtotal + tax confirms, else the most confident TOTAL (non-zero ones first: "BALANCE DUE 0.00"
 * follows payment), else the AMOUNT_PAID, less surely.
 */
const chooseTotal = (
  totals: readonly ValuedCandidate[],
  paid: readonly ValuedCandidate[],
  { subtotal, tax, tip }: { subtotal: number | undefined; tax: number | undefined; tip: number | undefined },
): { candidate: ValuedCandidate; confidence: number } | undefined => {
  const weighed = totals.map((candidate) => {
    const kind = candidate.label !== undefined ? labelOf(candidate.label)?.kind : undefined;
    const distractor = kind !== undefined && DISTRACTOR_KINDS.has(kind);
    return { candidate, confidence: candidate.confidence * (distractor ? DISTRACTOR_LABEL_FACTOR : 1) };
  });
  const nonZero = weighed.filter(({ candidate }) => candidate.value !== 0);
  const pool = byConfidence(nonZero.length > 0 ? nonZero : weighed);
  const addsUp = (value: number) =>
    subtotal !== undefined && tax !== undefined && sameMoney(addedUp([subtotal, tax]), value);
  const withTip = (value: number) =>
    tip !== undefined && pool.some(({ candidate }) => sameMoney(addedUp([candidate.value, tip]), value));
  const chosen =
    pool.find(({ candidate }) => withTip(candidate.value)) ??
    pool.find(({ candidate }) => addsUp(candidate.value)) ??
    pool[0];
  if (chosen) return chosen;
  const [bestPaid] = byConfidence(paid.filter((candidate) => candidate.value > 0));
  return bestPaid
    ? { candidate: bestPaid, confidence: bestPaid.confidence * AMOUNT_PAID_AS_TOTAL_FACTOR }
    : undefined;
};

/**
 * The tax: the most confident TAX, or the sum of several when they are different rates ("MwSt
 * 7%" and "MwSt 19%") or add up to total - subtotal.
 */
const chooseTax = (
  taxes: readonly ValuedCandidate[],
  total: number | undefined,
  subtotal: number | undefined,
): { value: number; confidence: number } | undefined => {
  const distinct = taxes.filter(
    (tax, index) =>
      taxes.findIndex((other) => other.value === tax.value && other.label === tax.label) === index,
  );
  const [best] = byConfidence(distinct);
  if (best === undefined) return undefined;
  if (distinct.length > 1) {
    const sum = Math.round(distinct.reduce((acc, tax) => acc + tax.value * 100, 0)) / 100;
    const rates = new Set(distinct.map((tax) => /(\d+(?:[.,]\d+)?)\s?%/.exec(tax.label ?? "")?.[1]));
    const differentRates = !rates.has(undefined) && rates.size === distinct.length;
    const addsUp =
      total !== undefined &&
      subtotal !== undefined &&
      sameMoney(Math.round((total - subtotal) * 100) / 100, sum) &&
      !sameMoney(Math.round((total - subtotal) * 100) / 100, best.value);
    if (differentRates || addsUp)
      return { value: sum, confidence: Math.min(...distinct.map((tax) => tax.confidence)) };
  }
  return { value: best.value, confidence: best.confidence };
};

const quantityOf = (text: string | undefined): number | null => {
  const match = text === undefined ? null : /\d+(?:[.,]\d+)?/.exec(text);
  const value = match ? Number(match[0].replace(",", ".")) : Number.NaN;
  return Number.isFinite(value) && value > 0 && value < 100_000 ? value : null;
};

const lineItemOf = (fields: readonly Candidate[], format: AmountFormat): ReadLineItem | undefined => {
  const first = (type: string) => byConfidence(fields.filter((field) => field.type === type))[0];
  const quantity = quantityOf(first("QUANTITY")?.text);
  const price = first("PRICE");
  const unitPrice = first("UNIT_PRICE");
  const priceValue = price ? parseAmountText(price.text, format)?.value : undefined;
  const unitValue = unitPrice ? parseAmountText(unitPrice.text, format)?.value : undefined;
  const amount =
    priceValue ?? (unitValue !== undefined ? Math.round(unitValue * (quantity ?? 1) * 100) / 100 : undefined);
  const description = first("ITEM")?.text ?? first("EXPENSE_ROW")?.text ?? first("PRODUCT_CODE")?.text ?? "";
  if (description.length === 0 && amount === undefined) return undefined;
  return { description: capText(description), quantity, amount: amount ?? null };
};

/**
 * Either reader's AnalyzeExpense response as the workflow's reading: every field present, null
 * when not read, confidences 0-1, at most MAX_READ_LINE_ITEMS items and MAX_READ_TEXT
 * characters of any text. Never throws.
 *
 * @example
 * normaliseExpense(await textract.send(new AnalyzeExpenseCommand(...)), "textract");
 * // { reader: "textract", merchant: { value: "WHOLE FOODS MARKET", confidence: 0.99 }, total: { value: 37.6, ... }, ... }
 */
export const normaliseExpense = (response: AnalyzeExpenseResponse, reader: ReceiptReader): ReceiptReading => {
  const documents = arrayOf(response?.ExpenseDocuments);
  const summary = documents
    .flatMap((document) => arrayOf(document?.SummaryFields))
    .flatMap((field) => candidateOf(field) ?? []);
  const rows = documents
    .flatMap((document) => arrayOf(document?.LineItemGroups))
    .flatMap((group) => arrayOf(group?.LineItems))
    .map((row) => arrayOf(row?.LineItemExpenseFields).flatMap((field) => candidateOf(field) ?? []));
  const ofType = (type: string) => summary.filter((candidate) => candidate.type === type);

  // The number format and currency from every amount either part of the response printed.
  const amountCandidates = [...summary, ...rows.flat()].filter((candidate) =>
    AMOUNT_TYPES.has(candidate.type),
  );
  const decimalSeparator = decimalSeparatorOf(
    amountCandidates.flatMap((candidate) =>
      findPrintedAmounts(candidate.text).map((amount) => amount.digits),
    ),
  );
  // Textract answers a currency with amounts; the offline reader also with the date it read for it.
  const [fieldCurrency] = byConfidence(
    [...summary, ...rows.flat()].flatMap((candidate) =>
      candidate.currency ? [{ ...candidate.currency, confidence: candidate.currency.certainty }] : [],
    ),
  );
  const printedCurrency = receiptCurrencyOf(
    amountCandidates.flatMap((candidate) => [
      ...findPrintedAmounts(candidate.text).flatMap((amount) => amount.currency ?? []),
      ...currencyCodesIn(candidate.label ?? ""),
    ]),
    decimalSeparator,
  );
  const format: AmountFormat = {
    decimalSeparator: decimalSeparator ?? ".",
    currencyCode: fieldCurrency?.code ?? printedCurrency?.code,
  };

  const [subtotal] = byConfidence(valued(ofType("SUBTOTAL"), format));
  const taxes = valued(ofType("TAX"), format);
  const provisionalTax = byConfidence(taxes)[0]?.value;
  const [tip] = byConfidence(valued(ofType("GRATUITY"), format));
  const total = chooseTotal(valued(ofType("TOTAL"), format), valued(ofType("AMOUNT_PAID"), format), {
    subtotal: subtotal?.value,
    tax: provisionalTax,
    tip: tip?.value,
  });
  const tax = chooseTax(taxes, total?.candidate.value, subtotal?.value);
  const currency: ReadCurrency | undefined =
    total?.candidate.currency ??
    (fieldCurrency ? { code: fieldCurrency.code, certainty: fieldCurrency.certainty } : printedCurrency);

  const [merchant] = byConfidence([
    ...ofType("VENDOR_NAME"),
    ...ofType("NAME")
      .filter((candidate) => candidate.groupTypes.some((group) => group.startsWith("VENDOR")))
      .map((candidate) => ({ ...candidate, confidence: candidate.confidence * VENDOR_GROUP_NAME_FACTOR })),
  ]);
  const locale = { currency, decimalSeparator };
  const date = byConfidence(ofType("INVOICE_RECEIPT_DATE"))
    .map((candidate) => ({ candidate, read: parseDateText(candidate.text, locale) }))
    .find(({ read }) => read !== undefined);

  const documentPages = response?.DocumentMetadata?.Pages;
  return {
    reader,
    merchant: merchant ? fieldOf(capText(merchant.text), merchant.confidence) : null,
    date: date?.read ? fieldOf(date.read.iso, date.candidate.confidence * date.read.certainty) : null,
    total: total ? fieldOf(total.candidate.value, total.confidence) : null,
    subtotal: subtotal ? fieldOf(subtotal.value, subtotal.confidence) : null,
    tax: tax ? fieldOf(tax.value, tax.confidence) : null,
    currency: currency ? fieldOf(currency.code, currency.certainty) : null,
    lineItems: rows.flatMap((row) => lineItemOf(row, format) ?? []).slice(0, MAX_READ_LINE_ITEMS),
    pages:
      typeof documentPages === "number" && Number.isInteger(documentPages) && documentPages >= 1
        ? documentPages
        : 1,
  };
};
