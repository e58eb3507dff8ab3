/*
 * The items bought: the unlabelled lines with an amount before the totals block. Quantities are
 * printed in many ways ("2 x 1,29", "2 @ 1.29", "2 Latte", "LATTE x2", "0,835 kg x 1,99 EUR/kg",
 * or on a line of their own before or after the item's line); SKUs and tax-class letters are
 * printed beside descriptions and are not part of them.
 */
import type { ReadAmount } from "./amounts.ts";
import { SUMMARY_KINDS } from "./labels.ts";
import type { ReceiptLine } from "./receipt-lines.ts";

export interface ReadQuantity {
  /** As printed: "2", "0,835". */
  text: string;
  value: number;
}

export interface ReadItem {
  /** The line holding the item's amount. */
  line: ReceiptLine;
  description: string;
  /** The line's amount (price x quantity); negative for a discount. */
  amount: ReadAmount | undefined;
  quantity: ReadQuantity | undefined;
  unitPrice: ReadAmount | undefined;
  /** The whole row as printed, description line included (Textract's EXPENSE_ROW). */
  row: string;
  /** 0-1: how sure we are this is an item read right (OCR aside). */
  certainty: number;
}

const ITEM_CERTAINTY = 0.85;
/** A description borrowed from the line above, or a quantity from a line of its own, is less sure. */
const BORROWED_PART_CERTAINTY = 0.9;

// "2 x ", "2 Stk x ", "0,835 kg x ", "2 @ ", "2 AT 1 FOR ": a quantity before a unit price. OCR
// may put a speck between the quantity and the @ ("2.@3.44"): no other sign is read as "@".
const QUANTITY_TIMES =
  /(?<![\d.,])(?<quantity>\d{1,4}(?:[.,]\d{1,3})?)\s*(?:(?:kg|g|lb|lbs|oz|stk|st|pcs|pc|ea)\.?\s*)?(?:x|×|\*|[.,]?@|at)\s*(?:\d+\s*(?:for|\/)\s*)?$/i;
// "Glass Wine @ ": a unit price whose quantity is printed before the description.
const UNIT_PRICE_AT = /\s@\s*$/;
// "2 Latte", "2x Latte", "QTY 2": a count before the description.
const LEADING_QUANTITY =
  /^(?:(?:qty|menge|anz)\.?:?\s*)?(?<quantity>\d{1,2})\s*(?:x|×)?\s+(?=\p{L}{2})(?!(?:kg|g|lb|lbs|oz|gal|ml|cl|l|pk|pack|ct)\b)/iu;
// "LATTE x2", "LATTE X 2": a count after the description.
const TRAILING_QUANTITY = /\s(?:x|×)\s?(?<quantity>\d{1,3})$/i;
/** A price times a quantity equals the line's amount within a cent of rounding. */
const matchesLine = (quantity: number, unit: number, amount: number): boolean =>
  Math.abs(quantity * unit - amount) < 0.011;

const quantityOf = (text: string | undefined): ReadQuantity | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text.replace(",", "."));
  return Number.isFinite(value) && value > 0 ? { text, value } : undefined;
};

const cleanDescription = (text: string): string =>
  text
    // Barcodes and SKUs (6+ digits) are printed beside names, not part of them.
    .replace(/(?<!\S)\d{6,}(?!\S)/g, " ")
    .replace(/\s+/g, " ")
    .replace(/^[\s.:_*=~#|>-]+|[\s.:_*=~#|>-]+$/g, "")
    .trim();

interface ParsedRow {
  description: string;
  amount: ReadAmount | undefined;
  quantity: ReadQuantity | undefined;
  unitPrice: ReadAmount | undefined;
}

/** One line's description, quantity, unit price and amount, as far as the line itself says. */
const parseRow = (line: ReceiptLine): ParsedRow => {
  const amounts = line.amounts;
  let amount = amounts.filter((candidate) => !candidate.perUnit).at(-1);
  let unitPrice: ReadAmount | undefined;
  let quantity: ReadQuantity | undefined;
  let descriptionEnd = amount?.start ?? line.text.length;
  // The amount before the line's amount, or a per-unit one, may be a unit price after a quantity.
  const unitCandidates = amounts.filter(
    (candidate) => candidate !== amount && (amount === undefined || candidate.start < amount.start),
  );
  for (const candidate of [...unitCandidates, ...(amount ? [amount] : [])].reverse()) {
    const before = line.text.slice(0, candidate.start);
    const times = QUANTITY_TIMES.exec(before);
    const at = times ? null : UNIT_PRICE_AT.exec(before);
    if (!times?.groups && !(at && candidate !== amount)) continue;
    quantity = quantityOf(times?.groups?.quantity);
    unitPrice = candidate;
    descriptionEnd = times?.index ?? at?.index ?? descriptionEnd;
    // "2 x 1,29" alone: the only amount is the unit price, and the line has no amount of its own.
    if (candidate === amount) amount = undefined;
    break;
  }
  let description = line.text.slice(0, descriptionEnd);
  if (quantity === undefined) {
    const leading = LEADING_QUANTITY.exec(description);
    const trailing = TRAILING_QUANTITY.exec(description.trimEnd());
    if (leading?.groups) {
      quantity = quantityOf(leading.groups.quantity);
      description = description.slice(leading[0].length);
    } else if (trailing?.groups) {
      quantity = quantityOf(trailing.groups.quantity);
      description = description.trimEnd().slice(0, trailing.index);
    }
  }
  return { description: cleanDescription(description), amount, quantity, unitPrice };
};

/**
 * Whether a line is a quantity and a unit price of its own ("3 @ 11.85", "2 x 3,62"): its amount
 * is a price per unit, never what an item, let alone the receipt, came to.
 */
export const isQuantityLine = (line: ReceiptLine): boolean => {
  const row = parseRow(line);
  return row.amount === undefined && row.unitPrice !== undefined;
};

const isDescriptionOnly = (line: ReceiptLine): boolean =>
  line.amounts.length === 0 &&
  line.label === undefined &&
  line.dates.length === 0 &&
  /\p{L}{3}/u.test(line.words);

/** Tax-class letters ("3.49 F", "BANANAS F"): stripped when most descriptions end in one. */
const withoutTaxClassLetters = (items: ReadItem[]): ReadItem[] => {
  const flagged = items.filter((item) => /\s[A-Z*]$/.test(item.description));
  if (flagged.length < 2 || flagged.length < items.length * 0.6) return items;
  return items.map((item) => ({ ...item, description: item.description.replace(/\s[A-Z*]$/, "") }));
};

/**
 * The receipt's items in order: every unlabelled (or discount) line with an amount before the
 * first totals line, with quantities and unit prices attached from wherever they are printed.
 *
 * @example
 * readLineItems(lines); // [{ description: "Milch", quantity: { text: "2", value: 2 }, amount: { value: 2.58, ... }, ... }]
 */
export const readLineItems = (lines: readonly ReceiptLine[]): ReadItem[] => {
  const totalsStart = lines.findIndex(
    (line) => line.label && SUMMARY_KINDS.has(line.label.kind) && line.amounts.length > 0,
  );
  const itemLines = totalsStart === -1 ? lines : lines.slice(0, totalsStart);
  const items: ReadItem[] = [];
  let pendingDescription: ReceiptLine | undefined;
  let pendingQuantity: { line: ReceiptLine; quantity: ReadQuantity; unitPrice: ReadAmount } | undefined;
  for (const line of itemLines) {
    if (isDescriptionOnly(line)) {
      pendingDescription = line;
      continue;
    }
    const kind = line.label?.kind;
    if (line.amounts.length === 0 || (kind !== undefined && kind !== "discount")) {
      pendingDescription = undefined;
      continue;
    }
    const row = parseRow(line);
    const previous = items.at(-1);
    if (row.amount === undefined) {
      // A quantity line of its own: for the item above when the money agrees, else for the next one.
      if (row.quantity && row.unitPrice) {
        const fitsPrevious =
          previous?.amount !== undefined &&
          previous.quantity === undefined &&
          matchesLine(row.quantity.value, row.unitPrice.value, previous.amount.value);
        if (fitsPrevious && previous) {
          items[items.length - 1] = {
            ...previous,
            quantity: row.quantity,
            unitPrice: row.unitPrice,
            row: `${previous.row} ${line.text}`,
          };
        } else {
          pendingQuantity = { line, quantity: row.quantity, unitPrice: row.unitPrice };
        }
      }
      continue;
    }
    let { description, quantity, unitPrice } = row;
    let rowText = line.text;
    let certainty = ITEM_CERTAINTY;
    if (description.length === 0 && pendingDescription) {
      description = cleanDescription(pendingDescription.text);
      rowText = `${pendingDescription.text} ${line.text}`;
      certainty *= BORROWED_PART_CERTAINTY;
    }
    if (
      quantity === undefined &&
      pendingQuantity &&
      matchesLine(pendingQuantity.quantity.value, pendingQuantity.unitPrice.value, row.amount.value)
    ) {
      quantity = pendingQuantity.quantity;
      unitPrice = pendingQuantity.unitPrice;
      rowText = `${pendingQuantity.line.text} ${rowText}`;
    }
    pendingDescription = undefined;
    pendingQuantity = undefined;
    if (description.length === 0) continue;
    // A discount printed without its minus is still money off.
    const amount =
      kind === "discount" && row.amount.value > 0 ? { ...row.amount, value: -row.amount.value } : row.amount;
    items.push({ line, description, amount, quantity, unitPrice, row: rowText, certainty });
  }
  return withoutTaxClassLetters(items);
};

/** The sum of the items' amounts, in cents to keep float noise out. */
export const itemsSumOf = (items: readonly ReadItem[]): number =>
  items.reduce((sum, item) => sum + Math.round((item.amount?.value ?? 0) * 100), 0) / 100;
