import * as z from "zod";

/**
 * ISO 4217 active currencies by their number of minor-unit digits (the list as of 2025; funds
 * codes such as BOV or CLF included, precious metals and testing codes without minor units left
 * out, as no receipt is paid in them).
 */
const CURRENCIES_BY_DIGITS = {
  0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
  2:
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
    "CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS " +
    "GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL " +
    "MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK " +
    "PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS " +
    "TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES XCD XCG ZAR ZMW ZWG",
  3: "BHD IQD JOD KWD LYD OMR TND",
  4: "CLF UYW",
} as const;

/** Minor-unit digits by currency code: `JPY` 0, `USD` 2, `BHD` 3, `CLF` 4. */
export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(
    Object.entries(CURRENCIES_BY_DIGITS).flatMap(([digits, codes]) =>
      codes.split(" ").map((code) => [code, Number(digits)]),
    ),
  ),
);

export const CurrencyCodeSchema = z
  .string()
  .refine((code) => Object.hasOwn(CURRENCY_MINOR_UNITS, code), "is not an ISO 4217 currency code");

/**
 * An amount in the currency's minor units (cents for USD, fils for BHD, yen for JPY), or
 * `undefined` when the amount has more decimals than the currency has: 12.345 USD is no amount.
 *
 * @example
 * toMinorUnits(12.5, "USD"); // 1250
 * toMinorUnits(1200, "JPY"); // 1200
 */
export const toMinorUnits = (amount: number, currency: string): number | undefined => {
  const digits = CURRENCY_MINOR_UNITS[currency];
  if (digits === undefined || !Number.isFinite(amount)) return undefined;
  const scaled = amount * 10 ** digits;
  const minor = Math.round(scaled);
  // Binary floating point makes 19.99 * 100 = 1998.9999999999998: allow for that, nothing more.
  return Math.abs(scaled - minor) < 1e-6 * Math.max(1, Math.abs(scaled)) ? minor : undefined;
};

/**
 * An amount in minor units written in major units with exactly the currency's decimals, by
 * string arithmetic, so no binary fraction creeps in: the inverse of `toMinorUnits`.
 *
 * @example
 * formatMajorUnits(1250, "USD"); // "12.50"
 * formatMajorUnits(-5, "BHD"); // "-0.005"
 * formatMajorUnits(1200, "JPY"); // "1200"
 */
export const formatMajorUnits = (minor: number, currency: string): string => {
  const digits = CURRENCY_MINOR_UNITS[currency];
  if (digits === undefined) throw new RangeError(`${currency} is not an ISO 4217 currency code`);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${minor} is not a whole number of minor units`);
  const sign = minor < 0 ? "-" : "";
  const units = String(Math.abs(minor)).padStart(digits + 1, "0");
  return digits === 0 ? `${sign}${units}` : `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
};
