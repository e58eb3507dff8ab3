/*
 * The tax table European receipts print under the total: a header of column names and one row
 * per rate, with no tax word on the rows themselves.
 *
 *   Steuer %   Netto  Steuer  Brutto        VAT RATE   VAT    NET    GROSS
 *   A= 19,0%    6,08    1,16    7,24        S 20%     £1.25  £6.25  £7.50
 *
 * The header says which of a row's amounts is the tax.
 */
import type { ReceiptLine } from "./receipt-lines.ts";
import type { ReadSummaryAmount } from "./summary-amount.ts";

const TAX_WORD = /^(?:VAT|MWST|STEUER|UST|TVA|IVA|BTW|TAX|GST|MWST-BETRAG|STEUERBETRAG)$/;
const NET_OR_GROSS_WORD = /^(?:NET|NETTO|HT|GROSS|BRUTTO|TTC|UMSATZ|TOTAL|INCL|EXCL|AMOUNT|BETRAG)$/;
/** Words naming the rate or class column, which holds no money. */
const RATE_WORD = /^(?:%|RATE|SATZ|TAUX|CODE|KLASSE|CLASS|MWST-SATZ|STEUERSATZ|ID)$/;

/** A table row's tax is surer when its net and tax add up to its gross. */
const TABLE_ROW_CERTAINTY = 0.8;
const TABLE_ROW_ADDS_UP_CERTAINTY = 0.9;

/** The money columns of a header line, or `undefined` when the line is no tax table's header. */
const moneyColumnsOf = (line: ReceiptLine): string[] | undefined => {
  if (line.amounts.length > 0) return undefined;
  const words = line.text
    .toUpperCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[.:]/g, "")
    .split(/\s+/)
    .filter((word) => word.length > 0);
  const columns: string[] = [];
  for (const [index, word] of words.entries()) {
    const next = words[index + 1];
    // "VAT RATE", "Steuer %", "MwSt-Satz": the rate column, named after the tax.
    if (RATE_WORD.test(word) || (TAX_WORD.test(word) && next !== undefined && RATE_WORD.test(next))) continue;
    if (TAX_WORD.test(word) || NET_OR_GROSS_WORD.test(word)) columns.push(word);
  }
  const hasTax = columns.some((column) => TAX_WORD.test(column));
  return hasTax && columns.length >= 2 ? columns : undefined;
};

/**
 * One tax per row of every tax table on the receipt, labelled with the row's rate ("S 20%").
 *
 * @example
 * readTaxTable(lines).map((tax) => tax.amount.value); // [1.16, 0.32]
 */
export const readTaxTable = (lines: readonly ReceiptLine[]): ReadSummaryAmount[] => {
  const taxes: ReadSummaryAmount[] = [];
  for (const [headerIndex, header] of lines.entries()) {
    const columns = moneyColumnsOf(header);
    if (columns === undefined) continue;
    const taxColumn = columns.findIndex((column) => TAX_WORD.test(column));
    const netColumn = columns.findIndex((column) => /^(?:NET|NETTO|HT|EXCL)$/.test(column));
    const grossColumn = columns.findIndex((column) => /^(?:GROSS|BRUTTO|TTC|INCL)$/.test(column));
    for (const row of lines.slice(headerIndex + 1)) {
      // The table ends at a line that is not a row of it; a sum row ("Gesamt", "Summe") ends it too.
      if (row.amounts.length !== columns.length || row.label !== undefined) break;
      const tax = row.amounts[taxColumn];
      if (tax === undefined || tax.value < 0) continue;
      const net = row.amounts[netColumn]?.value;
      const gross = row.amounts[grossColumn]?.value;
      const addsUp = net !== undefined && gross !== undefined && Math.abs(net + tax.value - gross) < 0.011;
      const rowLabel = row.text
        .slice(0, row.amounts[0]?.start ?? 0)
        .replace(/[\s=:]+$/, "")
        .trim();
      taxes.push({
        line: row,
        amount: tax,
        label: rowLabel.length > 0 ? rowLabel : undefined,
        certainty: addsUp ? TABLE_ROW_ADDS_UP_CERTAINTY : TABLE_ROW_CERTAINTY,
      });
    }
  }
  return taxes;
};
