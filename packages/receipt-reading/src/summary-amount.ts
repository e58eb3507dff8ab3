import type { ReadAmount } from "./amounts.ts";
import type { ReceiptLine } from "./receipt-lines.ts";

/** An amount read as a summary field (total, subtotal, tax...), with the line and label it was found on. */
export interface ReadSummaryAmount {
  line: ReceiptLine;
  amount: ReadAmount;
  /** The label printed before the amount ("TOTAL", "SUMME"), when one was read. */
  label: string | undefined;
  /** 0-1: how sure we are that this is the field (OCR aside). */
  certainty: number;
}
