/*
 * What OCR does to receipt text, undone before anything is parsed: look-alike Unicode, stray
 * spaces inside numbers, and letters read for digits (O/0, S/5, I/l/1) inside amounts and dates.
 */

/** One space for any run of whitespace; ASCII dashes and apostrophes for their Unicode cousins. */
export const normaliseOcrText = (text: string): string =>
  text
    .normalize("NFC")
    .replace(/[\u2212\u2010-\u2015]/g, "-")
    .replace(/[\u2018\u2019\u02BC\u00B4]/g, "'")
    .replace(/\s+/g, " ")
    .trim();

// "12. 50", "12 .50", "12 , 50": a space OCR put inside an amount, before its two decimals.
const STRAY_SPACE_IN_AMOUNT = /(?<=[0-9Oo])(?: ([.,]) ?| ?([.,]) )(?=[0-9Oo]{2}(?![0-9A-Za-z]))/g;

// A run of digits, separators and digit look-alikes with no letters around it ("1O.5O", "S.00").
const NUMERIC_RUN = /(?<![A-Za-z])[$0-9OoSIl][0-9OoSIl.,/-]*[0-9OoSIl](?![A-Za-z])/g;
const LOOK_ALIKE_DIGITS: Readonly<Record<string, string>> = { O: "0", o: "0", S: "5", I: "1", l: "1" };
// Only runs that become an amount with two decimals or a date are repaired: "1,5l" stays a litre.
const REPAIRED_SHAPE = /^\$?\d{1,3}(?:[.,]?\d{3})*[.,]\d{2}$|^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}$/;

const repairRun = (run: string): string => {
  // Nothing to repair, or a trailing l that is a unit: "1,5l" is a litre and a half.
  if (!/[OoSIl]/.test(run) || run.endsWith("l")) return run;
  // A leading S before a digit is the dollar sign read as a letter ("S12.50"), where the amount
  // has a decimal point as dollars have: "S2,25" is 52,25 more likely than $2,25.
  const body = /^S\d/.test(run) && !/,\d{2}$/.test(run) ? `$${run.slice(1)}` : run;
  const repaired = body.replace(/[OoSIl]/g, (letter) => LOOK_ALIKE_DIGITS[letter] ?? letter);
  // One real digit and the strict shape are enough: no word is shaped like "1O.OO" or "O3/14/2O25".
  return /\d/.test(run) && REPAIRED_SHAPE.test(repaired) ? repaired : run;
};

/**
 * A line as our patterns expect it: normalised, stray spaces inside amounts removed, and
 * look-alike letters inside amounts and dates read as the digits they stand for.
 *
 * @example
 * repairOcrLine("T0TAL ...... 1O. 5O"); // "T0TAL ...... 10.50" (labels are matched leniently elsewhere)
 */
export const repairOcrLine = (text: string): string =>
  normaliseOcrText(text)
    .replace(
      STRAY_SPACE_IN_AMOUNT,
      (_match, after: string | undefined, before: string | undefined) => after ?? before ?? "",
    )
    .replace(NUMERIC_RUN, repairRun);
