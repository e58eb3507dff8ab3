import {
  type CheckedReceiptField,
  CURRENCY_MINOR_UNITS,
  merchantKeyOf,
  ReceiptDateSchema,
  type ReceiptHints,
  ReceiptMerchantSchema,
  toMinorUnits,
} from "@shoebox/schemas";
import type * as z from "zod";

/*
 * A receipt is dated in its shop's time zone, which can be up to 14 hours ahead of UTC (Kiribati):
 * a receipt is "in the future" only when its date has not begun anywhere on Earth yet.
 */
const EARLIEST_TIME_ZONE_OFFSET_MS = 14 * 60 * 60 * 1000;

/** The latest calendar date (YYYY-MM-DD) that has begun somewhere on Earth at `now`. */
export const latestDateOnEarth = (now: Date): string =>
  new Date(now.getTime() + EARLIEST_TIME_ZONE_OFFSET_MS).toISOString().slice(0, 10);

/** Why the customer's table could not hold this value (the delivery schema's field), if it could not. */
const columnProblem = (column: z.ZodType<string>, value: string): string | undefined =>
  column.safeParse(value).error?.issues[0]?.message;

/** A broken rule, with the field it is about (so a review can tell whose value broke it). */
export interface RuleProblem {
  field: CheckedReceiptField;
  message: string;
}

/**
 * Every business rule the receipt breaks, as sentences for the uploader; none means it may be
 * stored. A receipt needs a merchant, a date that is not in the future, a total above zero and
 * an ISO 4217 currency, the total having no more decimals than the currency has minor units;
 * and each must be a value the customer's table can hold (no NUL character, no date before 1900).
 *
 * @example
 * businessRuleProblems({ merchant: "Café", date: "2026-11-20", total: 0, currency: "EUR" }, now);
 * // [{ field: "total", message: "total must be above zero" }]
 */
export const businessRuleProblems = (hints: ReceiptHints, now: Date): RuleProblem[] => {
  const found: RuleProblem[] = [];
  // Every sentence starts with the name of the field it is about.
  const problems = {
    push: (message: string) => found.push({ field: message.split(" ")[0] as CheckedReceiptField, message }),
  };
  const { merchant, date, total, currency } = hints;

  const merchantProblem = merchant === undefined ? undefined : columnProblem(ReceiptMerchantSchema, merchant);
  if (merchant === undefined) problems.push("merchant is missing");
  else if (merchantProblem) problems.push(`merchant ${merchantProblem}`);
  else if (merchantKeyOf(merchant) === "") problems.push("merchant has no letters or digits");

  const dateProblem = date === undefined ? undefined : columnProblem(ReceiptDateSchema, date);
  if (date === undefined) problems.push("date is missing");
  else if (date > latestDateOnEarth(now)) problems.push(`date ${date} is in the future`);
  else if (dateProblem) problems.push(`date ${date} ${dateProblem}`);

  const knownCurrency = currency !== undefined && Object.hasOwn(CURRENCY_MINOR_UNITS, currency);
  if (currency === undefined) problems.push("currency is missing");
  else if (!knownCurrency) problems.push(`currency ${currency} is not an ISO 4217 code`);

  if (total === undefined) problems.push("total is missing");
  else if (total <= 0) problems.push("total must be above zero");
  else if (currency !== undefined && knownCurrency && toMinorUnits(total, currency) === undefined) {
    const digits = CURRENCY_MINOR_UNITS[currency];
    problems.push(
      `total ${total} has more than ${digits} decimal${digits === 1 ? "" : "s"}, the minor units of ${currency}`,
    );
  } else if (total > Number.MAX_SAFE_INTEGER / 10_000) problems.push("total is too large to be a receipt");

  return found;
};
