/*
 * The total of a receipt whose total label was not read (faded, cut off, garbled past matching),
 * from the figures around it. Each guess says in its certainty how much agrees with it. Cash
 * tendered, change and a quantity line's unit price ("3 @ 11.85") are never the guess: their
 * labelled lines are skipped, and a quantity line is one even without a label.
 */
import { type ReadAmount, sameMoney } from "./amounts.ts";
import { isQuantityLine, itemsSumOf, type ReadItem } from "./line-items.ts";
import type { ReceiptLine } from "./receipt-lines.ts";
import type { ReadSummaryAmount } from "./summary-amount.ts";

/** The figures a guess is weighed against; `undefined` where the receipt did not print one. */
export interface TotalEvidence {
  subtotal: number | undefined;
  taxSum: number | undefined;
  card: number | undefined;
  cashLessChange: number | undefined;
}

/** Certainties of a total read without a total's label, by the evidence behind it. */
const FALLBACK = {
  /** A card payment equal to subtotal + tax. */
  cardMatchesSubtotalAndTax: 0.6,
  /** An unlabelled amount right under the items, equal to their sum. */
  itemsSum: 0.6,
  /** A card payment equal to the items' sum. */
  cardMatchesItems: 0.55,
  /** The subtotal, equal to what was paid (card, or cash less change): tax included or none. */
  paymentMatchesSubtotal: 0.55,
  /** An unlabelled amount equal to what was paid. */
  paid: 0.5,
  /** The only amount on the receipt. */
  onlyAmount: 0.45,
  /** The largest amount printed with a currency symbol, where most amounts are printed bare. */
  marked: 0.35,
  /** The largest amount, nothing agreeing. */
  largest: 0.25,
};

const guessOf = (line: ReceiptLine, amount: ReadAmount, certainty: number): ReadSummaryAmount => ({
  line,
  amount,
  label: undefined,
  certainty,
});

/**
 * Amounts whose label was lost to OCR: an unlabelled line whose words hold no word of three
 * letters ("R= he 5,20", "23,04"). An item keeps its name; a total line that lost its label
 * keeps at most specks of it.
 */
const hasLostItsLabel = (line: ReceiptLine): boolean => !/\p{L}{3}/u.test(line.words);

/**
 * The first unlabelled amount, printed under at least two items with no name of its own, that is
 * what the items above it add up to: a total whose label was lost.
 */
const itemsSumLine = (
  unlabelled: readonly { line: ReceiptLine; amount: ReadAmount }[],
  lines: readonly ReceiptLine[],
  items: readonly ReadItem[],
): { line: ReceiptLine; amount: ReadAmount } | undefined =>
  unlabelled.find(({ line, amount }) => {
    if (!hasLostItsLabel(line)) return false;
    const position = lines.indexOf(line);
    const above = items.filter((item) => item.line !== line && lines.indexOf(item.line) < position);
    return above.length >= 2 && sameMoney(itemsSumOf(above), amount.value);
  });

/**
 * The total when no line is labelled as one: the card payment or the subtotal when the figures
 * agree, an amount the items or the payment confirm, else the largest amount, less surely.
 *
 * @example
 * guessTotal(lines, items, evidence, undefined, undefined)?.certainty; // 0.6: the items add up to it
 */
export const guessTotal = (
  lines: readonly ReceiptLine[],
  items: readonly ReadItem[],
  evidence: TotalEvidence,
  amountPaid: ReadSummaryAmount | undefined,
  subtotalRead: ReadSummaryAmount | undefined,
): { total: ReadSummaryAmount | undefined; totalLine: ReceiptLine | undefined } => {
  const { subtotal, taxSum, card, cashLessChange } = evidence;
  const sumOf = (a: number, b: number) => (Math.round(a * 100) + Math.round(b * 100)) / 100;
  if (amountPaid && card !== undefined) {
    if (subtotal !== undefined && taxSum !== undefined && sameMoney(sumOf(subtotal, taxSum), card)) {
      return {
        total: { ...amountPaid, label: undefined, certainty: FALLBACK.cardMatchesSubtotalAndTax },
        totalLine: undefined,
      };
    }
    if (items.length > 0 && sameMoney(itemsSumOf(items), card)) {
      return {
        total: { ...amountPaid, label: undefined, certainty: FALLBACK.cardMatchesItems },
        totalLine: undefined,
      };
    }
  }
  const paid = [card, cashLessChange].filter((value) => value !== undefined);
  if (subtotalRead && paid.some((value) => sameMoney(value, subtotalRead.amount.value))) {
    return {
      total: { ...subtotalRead, label: undefined, certainty: FALLBACK.paymentMatchesSubtotal },
      totalLine: undefined,
    };
  }

  const unlabelled = lines.flatMap((line) => {
    const amount = line.amounts.at(-1);
    return line.label === undefined && amount !== undefined && amount.value > 0 && !isQuantityLine(line)
      ? [{ line, amount }]
      : [];
  });
  const summed = itemsSumLine(unlabelled, lines, items);
  if (summed)
    return { total: guessOf(summed.line, summed.amount, FALLBACK.itemsSum), totalLine: summed.line };

  const largestOf = (candidates: typeof unlabelled) =>
    candidates.reduce<(typeof unlabelled)[number] | undefined>(
      (chosen, candidate) =>
        chosen === undefined || candidate.amount.value > chosen.amount.value ? candidate : chosen,
      undefined,
    );
  const largest = largestOf(unlabelled);
  if (largest === undefined) return { total: undefined, totalLine: undefined };
  // The largest amount, under every other item and their sum: the total, its label lost.
  const others = items.filter((item) => item.line !== largest.line);
  const belowOthers = others.every((item) => lines.indexOf(item.line) < lines.indexOf(largest.line));
  if (others.length >= 2 && belowOthers && sameMoney(itemsSumOf(others), largest.amount.value)) {
    return { total: guessOf(largest.line, largest.amount, FALLBACK.itemsSum), totalLine: largest.line };
  }
  const paidAmount = largestOf(
    unlabelled.filter(({ amount }) => paid.some((value) => sameMoney(value, amount.value))),
  );
  if (paidAmount)
    return { total: guessOf(paidAmount.line, paidAmount.amount, FALLBACK.paid), totalLine: undefined };
  if (unlabelled.length === 1) {
    return { total: guessOf(largest.line, largest.amount, FALLBACK.onlyAmount), totalLine: undefined };
  }
  // Tills print the currency symbol on the total and the balance lines, rarely on every item.
  const marked = unlabelled.filter(({ amount }) => amount.currency !== undefined);
  const largestMarked = largestOf(marked);
  if (largestMarked && marked.length * 2 < unlabelled.length) {
    return {
      total: guessOf(largestMarked.line, largestMarked.amount, FALLBACK.marked),
      totalLine: undefined,
    };
  }
  return { total: guessOf(largest.line, largest.amount, FALLBACK.largest), totalLine: undefined };
};
