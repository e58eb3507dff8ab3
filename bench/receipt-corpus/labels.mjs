/*
 * labels.csv: what each corpus file says, one row per file. Written by generate.mjs, read by
 * bench/receipt-reading.mjs. Plain RFC 4180 CSV (merchant names carry commas and quotes:
 * "Joe's Family Diner", "The Crown & Anchor"), dates as YYYY-MM-DD, totals with two decimals.
 */

/** The columns generate.mjs writes; the bench needs the first five and ignores the rest. */
export const LABEL_COLUMNS = ["file", "merchant", "date", "total", "currency", "style"];
const REQUIRED_COLUMNS = ["file", "merchant", "date", "total", "currency"];

const checks = {
  date: [/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD"],
  total: [/^-?\d+\.\d{2}$/, "an amount with two decimals, like 1234.50"],
  currency: [/^[A-Z]{3}$/, "an ISO 4217 code, like EUR"],
};

/** A labels.csv that does not say what the bench needs, with the line that does not. */
export class LabelsFormatError extends Error {
  constructor(message) {
    super(message);
    this.name = "LabelsFormatError";
  }
}

const quote = (value) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Rows (objects with LABEL_COLUMNS) as CSV text, header first, LF line ends. */
export const formatLabelsCsv = (rows) =>
  [LABEL_COLUMNS, ...rows.map((row) => LABEL_COLUMNS.map((column) => String(row[column] ?? "")))]
    .map((fields) => fields.map(quote).join(","))
    .join("\n")
    .concat("\n");

/** CSV text as records of fields: quoted fields may hold commas, doubled quotes and line breaks. */
const parseCsv = (text) => {
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === "") quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += char;
  }
  if (quoted) throw new LabelsFormatError("labels.csv ends inside a quoted field");
  if (field !== "" || record.length > 0) records.push([...record, field]);
  return records.filter((fields) => fields.some((value) => value.trim() !== ""));
};

/**
 * labels.csv's rows as objects keyed by the header's column names; throws LabelsFormatError
 * naming the line when a required column is missing or a value is not in its form.
 *
 * @example
 * parseLabels("file,merchant,date,total,currency\na.png,Shop,2025-03-14,12.50,EUR\n");
 * // [{ file: "a.png", merchant: "Shop", date: "2025-03-14", total: "12.50", currency: "EUR" }]
 */
export const parseLabels = (text) => {
  const [header, ...records] = parseCsv(text.replace(/^\uFEFF/, ""));
  const columns = (header ?? []).map((name) => name.trim());
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) throw new LabelsFormatError(`labels.csv lacks the column(s) ${missing.join(", ")}`);
  return records.map((fields, position) => {
    const line = position + 2;
    if (fields.length !== columns.length)
      throw new LabelsFormatError(
        `labels.csv line ${line}: ${fields.length} fields, the header has ${columns.length}`,
      );
    const row = Object.fromEntries(columns.map((column, index) => [column, fields[index].trim()]));
    for (const column of REQUIRED_COLUMNS) {
      if (row[column] === "") throw new LabelsFormatError(`labels.csv line ${line}: ${column} is empty`);
      const [pattern, form] = checks[column] ?? [];
      if (pattern && !pattern.test(row[column]))
        throw new LabelsFormatError(`labels.csv line ${line}: ${column} "${row[column]}" is not ${form}`);
    }
    return row;
  });
};
