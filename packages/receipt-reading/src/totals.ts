/*
 * The totals block: what was owed (TOTAL), before tax (SUBTOTAL), the taxes, and what was paid
 * by card. The total comes only from a total's label; payment, change and savings lines are
 * evidence (a card payment equals the total; cash minus change does) but never its source, since
 * cash tendered is more than the total and savings are not money paid, with one exception: a
 * labelled total one digit off the amount two other figures agree on is that amount misread.
 * Without any labelled total, the total is a guess (total-guess.ts), and says so in its certainty.
 */
import { type ReadAmount, sameMoney } from "./amounts.ts";
import { corroborated } from "./confidence.ts";
import type { LabelKind, LineLabel } from "./labels.ts";
import { itemsSumOf, type ReadItem } from "./line-items.ts";
import type { ReceiptLine } from "./receipt-lines.ts";
import type { ReadSummaryAmount } from "./summary-amount.ts";
import { readTaxTable } from "./tax-table.ts";
import { guessTotal, type TotalEvidence } from "./total-guess.ts";

export interface ReadTotals {
  total: ReadSummaryAmount | undefined;
  subtotal: ReadSummaryAmount | undefined;
  taxes: ReadSummaryAmount[];
  /** A card (or other electronic) payment. */
  amountPaid: ReadSummaryAmount | undefined;
  /** A tip added after the bill's total. */
  tip: ReadSummaryAmount | undefined;
  /** An unlabelled line read as the total (the items' sum below them): not an item. */
  totalLine: ReceiptLine | undefined;
}

/** A label read only once OCR look-alikes were allowed for ("T0TAL") is a little less sure. */
const LENIENT_LABEL_FACTOR = 0.92;
/** A label read only within an edit or two of its keyword ("CHANGF") less sure still. */
const FUZZY_LABEL_FACTOR = 0.85;
/**
 * An amount printed without the cents the receipt's other amounts have ("TOTAL $1" among 9.82,
 * 11.97...) was cut off by the OCR: a labelled one is still the labelled one, but barely.
 */
const CUT_OFF_AMOUNT_FACTOR = 0.5;
/** The most cash payments are rounded by (the Netherlands, Switzerland, Canada...). */
const CASH_ROUNDING = 0.05;
/** A total taken over its misread label's amount: two figures agree, none printed it as the total. */
const MISREAD_TOTAL_CERTAINTY = 0.6;

const labelFactor = (label: LineLabel): number =>
  label.fuzzy ? FUZZY_LABEL_FACTOR : label.lenient ? LENIENT_LABEL_FACTOR : 1;

const hasCents = (amount: ReadAmount): boolean => /[.,]\d{2}$/.test(amount.digits);

/** Whether the receipt prints cents: most of its money amounts have two decimals (not yen, won). */
const printsCents = (lines: readonly ReceiptLine[]): boolean => {
  const amounts = lines.flatMap((line) => line.amounts);
  return amounts.length >= 2 && amounts.filter(hasCents).length * 2 > amounts.length;
};

const summaryAmountsOf = (
  lines: readonly ReceiptLine[],
  kind: LabelKind,
  withCents: boolean,
): ReadSummaryAmount[] =>
  lines.flatMap((line) => {
    const amount = line.amounts.at(-1);
    if (line.label?.kind !== kind || amount === undefined) return [];
    const cutOff = withCents && !hasCents(amount);
    const certainty = line.label.strength * labelFactor(line.label) * (cutOff ? CUT_OFF_AMOUNT_FACTOR : 1);
    return [{ line, amount, label: line.labelText || undefined, certainty }];
  });

/** The most certain; among equals the last printed (a later subtotal follows discounts). */
const mostCertain = (candidates: readonly ReadSummaryAmount[]): ReadSummaryAmount | undefined =>
  candidates.reduce<ReadSummaryAmount | undefined>(
    (best, candidate) => (best === undefined || candidate.certainty >= best.certainty ? candidate : best),
    undefined,
  );

const sumOf = (values: readonly number[]): number =>
  values.reduce((sum, value) => sum + Math.round(value * 100), 0) / 100;

interface Evidence extends TotalEvidence {
  /** Every labelled total's value: a later one may be an earlier one plus the tip. */
  labelledTotals: readonly number[];
  tip: number | undefined;
  taxes: readonly number[];
  itemsSum: number | undefined;
  exactCash: number | undefined;
}

/** A labelled total's certainty, raised by every independent figure that agrees with it. */
const totalCertainty = (
  candidate: ReadSummaryAmount,
  evidence: Evidence,
): { certainty: number; agreed: boolean } => {
  const value = candidate.amount.value;
  let certainty = candidate.certainty;
  let agreed = false;
  const agree = (weight: number) => {
    certainty = corroborated(certainty, weight);
    agreed = true;
  };
  const { subtotal, taxSum, taxes } = evidence;
  if (subtotal !== undefined && taxSum !== undefined) {
    if (
      sameMoney(sumOf([subtotal, taxSum]), value) ||
      taxes.some((tax) => sameMoney(sumOf([subtotal, tax]), value))
    ) {
      agree(0.6);
    }
  } else if (subtotal !== undefined && sameMoney(subtotal, value)) {
    agree(0.3);
  }
  const { itemsSum } = evidence;
  if (
    itemsSum !== undefined &&
    (sameMoney(itemsSum, value) || (taxSum !== undefined && sameMoney(sumOf([itemsSum, taxSum]), value)))
  ) {
    agree(0.4);
  }
  if (evidence.card !== undefined && sameMoney(evidence.card, value)) agree(0.4);
  if (evidence.cashLessChange !== undefined && sameMoney(evidence.cashLessChange, value)) agree(0.4);
  if (evidence.exactCash !== undefined && sameMoney(evidence.exactCash, value)) agree(0.2);
  // With a tip, the bill's total and the amount charged are both labelled: the charge is the total.
  const { tip } = evidence;
  if (tip !== undefined) {
    if (evidence.labelledTotals.some((other) => sameMoney(sumOf([other, tip]), value))) agree(0.6);
    else if (evidence.labelledTotals.some((other) => sameMoney(sumOf([value, tip]), other))) certainty *= 0.8;
  }
  // A total below its subtotal is odd (unless the discounts come after the subtotal).
  if (subtotal !== undefined && value < subtotal - 0.005 && !agreed) certainty *= 0.8;
  // Cash less change is what was owed, to the cash rounding some countries apply (5 cents): one
  // of the two figures is misread, and nothing says which.
  const { cashLessChange } = evidence;
  if (cashLessChange !== undefined && Math.abs(cashLessChange - value) > CASH_ROUNDING + 0.005 && !agreed) {
    certainty *= 0.8;
  }
  return { certainty, agreed };
};

/**
 * The totals block of a receipt, given its lines and its items.
 *
 * @example
 * readTotals(lines, items).total; // { amount: { value: 25.52, text: "25.52" }, label: "TOTAL", certainty: 0.99, ... }
 */
export const readTotals = (lines: readonly ReceiptLine[], items: readonly ReadItem[]): ReadTotals => {
  const withCents = printsCents(lines);
  const summaryAmounts = (kind: LabelKind) => summaryAmountsOf(lines, kind, withCents);
  const subtotal = mostCertain(summaryAmounts("subtotal"));
  const labelledTaxes = summaryAmounts("tax");
  // Tax lines name the tax; a tax table only numbers it. Both printed: the lines are enough.
  const taxes = (labelledTaxes.length > 0 ? labelledTaxes : readTaxTable(lines)).filter(
    (tax, index, all) =>
      tax.amount.value >= 0 &&
      all.findIndex((other) => other.amount.value === tax.amount.value && other.label === tax.label) ===
        index,
  );
  const amountPaid = summaryAmounts("card")
    .filter((card) => card.amount.value > 0)
    .at(-1);
  const cash = summaryAmounts("cash").at(-1)?.amount.value;
  const change = summaryAmounts("change").at(-1)?.amount.value;
  const itemsSum = items.length >= 2 ? itemsSumOf(items) : undefined;
  const labelled = summaryAmounts("total");
  const tip = summaryAmounts("tip").at(-1);
  const evidence: Evidence = {
    labelledTotals: labelled.map((candidate) => candidate.amount.value),
    tip: tip?.amount.value,
    subtotal: subtotal?.amount.value,
    taxSum: taxes.length > 0 ? sumOf(taxes.map((tax) => tax.amount.value)) : undefined,
    taxes: taxes.map((tax) => tax.amount.value),
    itemsSum,
    card: amountPaid?.amount.value,
    cashLessChange: cash !== undefined && change !== undefined ? sumOf([cash, -Math.abs(change)]) : undefined,
    exactCash: cash !== undefined && change === undefined ? cash : undefined,
  };

  const nonZero = labelled.filter((candidate) => candidate.amount.value !== 0);
  const candidates = (nonZero.length > 0 ? nonZero : labelled).map((candidate) => {
    const { certainty, agreed } = totalCertainty(candidate, evidence);
    return { ...candidate, certainty, agreed };
  });
  let total: ReadSummaryAmount | undefined;
  let totalLine: ReceiptLine | undefined;
  const best = candidates.reduce<(typeof candidates)[number] | undefined>(
    (chosen, candidate) =>
      chosen === undefined || candidate.certainty > chosen.certainty ? candidate : chosen,
    undefined,
  );
  const misread =
    best && !best.agreed ? agreedFigureOneDigitOff(best.amount, evidence, subtotal, amountPaid) : undefined;
  if (misread) {
    total = misread;
  } else if (best) {
    const disagreeing = candidates.some((candidate) => !sameMoney(candidate.amount.value, best.amount.value));
    const { agreed: _agreed, ...chosen } = best;
    total = { ...chosen, certainty: best.certainty * (disagreeing && !best.agreed ? 0.85 : 1) };
  } else {
    ({ total, totalLine } = guessTotal(lines, items, evidence, amountPaid, subtotal));
  }

  // A total that adds up confirms the figures it adds up from.
  const addsUp =
    total !== undefined &&
    subtotal !== undefined &&
    evidence.taxSum !== undefined &&
    sameMoney(sumOf([subtotal.amount.value, evidence.taxSum]), total.amount.value);
  return {
    total,
    subtotal:
      subtotal &&
      (addsUp || (itemsSum !== undefined && sameMoney(itemsSum, subtotal.amount.value))
        ? { ...subtotal, certainty: corroborated(subtotal.certainty, 0.5) }
        : subtotal),
    taxes: addsUp ? taxes.map((tax) => ({ ...tax, certainty: corroborated(tax.certainty, 0.5) })) : taxes,
    amountPaid,
    tip,
    totalLine,
  };
};

/** Whether two printed amounts differ in one digit alone: "163.19" and "103.19". */
const oneDigitApart = (a: string, b: string): boolean => {
  const [x, y] = [a.replace(/\D/g, ""), b.replace(/\D/g, "")];
  return x.length === y.length && [...x].filter((digit, index) => digit !== y[index]).length === 1;
};

/**
 * The card payment or the subtotal, when what was paid (the card, or cash less change) and one
 * more figure (the subtotal, the items' sum, plus the tax where there is one) agree on it, and the
 * labelled total, which nothing confirms, is one digit off it: OCR misread a digit of the total.
 * A payment must be among them: the subtotal and the items agreeing say nothing about a tax line
 * OCR lost, and a total that differs by a tax or a discount differs in more than one digit.
 */
const agreedFigureOneDigitOff = (
  labelled: ReadAmount,
  evidence: Evidence,
  subtotal: ReadSummaryAmount | undefined,
  amountPaid: ReadSummaryAmount | undefined,
): ReadSummaryAmount | undefined => {
  const { taxSum, itemsSum, card, cashLessChange } = evidence;
  const withTax = (value: number | undefined) =>
    value === undefined ? [] : taxSum === undefined ? [value] : [value, sumOf([value, taxSum])];
  const payments = [card, cashLessChange].flatMap((value) => (value === undefined ? [] : [[value]]));
  const figures = [withTax(subtotal?.amount.value), withTax(itemsSum), ...payments];
  const agreed = (value: number) =>
    payments.some(([paid]) => paid !== undefined && sameMoney(paid, value)) &&
    figures.filter((values) => values.some((other) => sameMoney(other, value))).length >= 2;
  const read = [amountPaid, subtotal].find(
    (candidate) =>
      candidate !== undefined &&
      oneDigitApart(candidate.amount.digits, labelled.digits) &&
      agreed(candidate.amount.value),
  );
  return read === undefined ? undefined : { ...read, label: undefined, certainty: MISREAD_TOTAL_CERTAINTY };
};
