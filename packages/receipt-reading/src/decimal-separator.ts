/*
 * Whether a receipt writes 1,234.56 or 1.234,56. Decided once per receipt from the amounts that
 * show it, because a single "1,250" cannot tell a thousand and a quarter from one and a quarter
 * kilogram: the receipt's other amounts can.
 */

export type DecimalSeparator = "." | ",";

/**
 * What one printed number says about the decimal separator, and how strongly: "1,234.56" (both
 * separators) says "." loudly; "12,50" says "," (two decimals cannot be a thousands group);
 * "1.234.567" says "." is grouping, so ","; "1,250" says nothing.
 */
export const separatorEvidenceOf = (
  digits: string,
): { separator: DecimalSeparator; weight: number } | undefined => {
  const separators = digits.replace(/[^.,]/g, "");
  const last = separators.at(-1);
  if (last !== "." && last !== ",") return undefined;
  const decimals = digits.length - digits.lastIndexOf(last) - 1;
  if (separators.includes(".") && separators.includes(",")) return { separator: last, weight: 3 };
  if (separators.length > 1) return { separator: last === "." ? "," : ".", weight: 2 };
  if (decimals === 1 || decimals === 2) return { separator: last, weight: 1 };
  return undefined;
};

/**
 * The receipt's decimal separator by weighted vote of its printed numbers; `undefined` when no
 * number shows one (then "." is read, the separator of most receipts we see).
 *
 * @example
 * decimalSeparatorOf(["12,50", "1,250", "3,99"]); // ","
 */
export const decimalSeparatorOf = (printedNumbers: Iterable<string>): DecimalSeparator | undefined => {
  let dot = 0;
  let comma = 0;
  for (const digits of printedNumbers) {
    const evidence = separatorEvidenceOf(digits);
    if (evidence?.separator === ".") dot += evidence.weight;
    if (evidence?.separator === ",") comma += evidence.weight;
  }
  if (dot === 0 && comma === 0) return undefined;
  return comma > dot ? "," : ".";
};
