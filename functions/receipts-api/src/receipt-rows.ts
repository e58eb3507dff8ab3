import { formatMajorUnits, type ReceiptView, ReceiptViewSchema } from "@shoebox/schemas";

/*
 * The export's columns are the fields of ReceiptViewSchema, in its order, so a field the receipt
 * workflow adds is exported without being listed here. Amounts are stored in minor units under a
 * name ending in `Minor` (`totalMinor`); the export writes them in major units with the receipt
 * currency's decimals, under the name without the suffix (`total`). Other values are written as
 * they are (text, numbers), structured ones (findings, problems) as JSON.
 */

const MINOR_SUFFIX = "Minor";

/**
 * The reader's raw output (every field with its confidence, up to 100 line items) is left out:
 * what was taken from it has its own columns, and it can outgrow a spreadsheet cell (32 767
 * characters in Excel) and, 10 000 rows over, Lambda's response.
 */
const NOT_EXPORTED: ReadonlySet<string> = new Set(["reading"]);

type ReceiptField = keyof ReceiptView & string;

interface ReceiptColumn {
  field: ReceiptField;
  header: string;
}

const isMinorAmount = (field: string): boolean => field.endsWith(MINOR_SUFFIX) && field !== MINOR_SUFFIX;

/** Every column of the export, in the view's field order. */
export const receiptColumns: readonly ReceiptColumn[] = (
  Object.keys(ReceiptViewSchema.shape) as ReceiptField[]
)
  .filter((field) => !NOT_EXPORTED.has(field))
  .map((field) => ({
    field,
    header: isMinorAmount(field) ? field.slice(0, -MINOR_SUFFIX.length) : field,
  }));

const cellOf = (receipt: ReceiptView, field: ReceiptField): string => {
  const value: unknown = receipt[field];
  if (value === undefined || value === null) return "";
  if (isMinorAmount(field) && typeof value === "number") {
    // The workflow stores an amount with its currency; one without cannot be placed, and a
    // guessed number of decimals would be a wrong amount in the file.
    if (receipt.currency === undefined)
      throw new RangeError(`${field} of ${receipt.photoId} has no currency`);
    return formatMajorUnits(value, receipt.currency);
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
};

/** The header, then one row per receipt, as the export writes them (before CSV quoting). */
export const receiptTable = (receipts: readonly ReceiptView[]): { header: string[]; rows: string[][] } => ({
  header: receiptColumns.map((column) => column.header),
  rows: receipts.map((receipt) => receiptColumns.map((column) => cellOf(receipt, column.field))),
});
