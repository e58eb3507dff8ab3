import { unmarshall } from "@aws-sdk/util-dynamodb";
import {
  CURRENCY_MINOR_UNITS,
  DeliveryMessageSchema,
  merchantKeyOf,
  ReceiptItemSchema,
  type ReceiptReading,
  toMinorUnits,
} from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { businessRuleProblems, latestDateOnEarth } from "../../src/business-rules.ts";
import { validateReceipt } from "../../src/validate-receipt.ts";

const now = new Date("2026-11-24T09:30:00.000Z");
/** Reviews as deployed by default: on, flagged below 0.8, no total limit. */
const config = { reviewsEnabled: true, minConfidence: 0.8, totalLimits: {} };
const item = (receipt: Record<string, unknown>, reading: ReceiptReading | null = null) => ({
  ownerId: "Qm9iLXRoZS1idWlsZGVyMQ",
  photoId: "01KAXG3W7R5N8ZK4T2B9C6D1EF",
  original: { key: "uploads/Qm9iLXRoZS1idWlsZGVyMQ/01KAXG3W7R5N8ZK4T2B9C6D1EF", contentType: "image/jpeg" },
  sha256: "9f2c6d1e4b7a0c3f5e8d2b1a4c7f0e3d6b9a2c5f8e1d4b7a0c3f6e9d2b5a8c1f",
  uploadedAt: "2026-11-24T09:30:00.000Z",
  receipt,
  reading,
});
/** What a reader answers for Café Müller's receipt, each field read with `confidence`. */
const readingOf = (confidence = 0.95): ReceiptReading => ({
  reader: "local",
  merchant: { value: "CAFE MULLER & SOHNE", confidence },
  date: { value: "2026-11-20", confidence },
  total: { value: 12.5, confidence },
  subtotal: { value: 10.5, confidence },
  tax: { value: 2, confidence },
  currency: { value: "EUR", confidence },
  lineItems: [{ description: "Cappuccino", quantity: 2, amount: 10.5 }],
  pages: 1,
});
/** The broken rules' sentences (each problem also names its field). */
const ruleMessages = (hints: Record<string, unknown>) =>
  businessRuleProblems(hints, now).map((problem) => problem.message);
const valid = { merchant: "Café  Müller & Söhne", date: "2026-11-20", total: 12.5, currency: "EUR" };

describe("ISO 4217 minor units", () => {
  it.each([
    ["JPY", 0],
    ["KRW", 0],
    ["USD", 2],
    ["EUR", 2],
    ["BHD", 3],
    ["KWD", 3],
    ["CLF", 4],
  ])("knows %s has %i minor-unit digits", (currency, digits) => {
    expect(CURRENCY_MINOR_UNITS[currency]).toBe(digits);
  });

  it.each([
    [19.99, "USD", 1999],
    [0.1 + 0.2, "USD", 30],
    [1200, "JPY", 1200],
    [1.234, "BHD", 1234],
    [12.5, "EUR", 1250],
  ])("turns %d %s into %i minor units", (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
  });

  it.each([
    [12.345, "USD"],
    [1200.5, "JPY"],
    [1.2345, "BHD"],
    [10, "XYZ"],
  ])("refuses %d %s: more decimals than the currency has, or no currency at all", (amount, currency) => {
    expect(toMinorUnits(amount, currency)).toBeUndefined();
  });
});

describe("merchant keys", () => {
  it.each([
    ["  Café Müller & Söhne ", "cafe-muller-and-sohne"],
    ["CAFE MULLER AND SOHNE", "cafe-muller-and-sohne"],
    ["McDonald's", "mcdonald-s"],
    ["WHOLE FOODS MARKET #10234", "whole-foods-market-10234"],
    ["東京 ストア", "東京-ストア"],
  ])("keys %j as %j", (merchant, key) => {
    expect(merchantKeyOf(merchant)).toBe(key);
  });
});

describe("business rules", () => {
  it("accepts a receipt dated today anywhere on Earth, and refuses one dated after that", () => {
    // 09:30 UTC is already 23:30 in UTC+14: the 24th is the latest date begun anywhere.
    expect(latestDateOnEarth(now)).toBe("2026-11-24");
    expect(ruleMessages({ ...valid, date: "2026-11-24" })).toEqual([]);
    expect(ruleMessages({ ...valid, date: "2026-11-25" })).toEqual(["date 2026-11-25 is in the future"]);
    expect(latestDateOnEarth(new Date("2026-11-24T10:00:00.000Z"))).toBe("2026-11-25");
  });

  it.each([
    [0, "total must be above zero"],
    [-3.5, "total must be above zero"],
    [12.345, "total 12.345 has more than 2 decimals, the minor units of EUR"],
  ])("refuses a total of %d", (total, problem) => {
    expect(ruleMessages({ ...valid, total })).toEqual([problem]);
  });

  it("refuses a currency that is not ISO 4217, in any case", () => {
    expect(ruleMessages({ ...valid, currency: "XYZ" })).toEqual(["currency XYZ is not an ISO 4217 code"]);
    expect(ruleMessages({ ...valid, currency: "eur" })).toEqual(["currency eur is not an ISO 4217 code"]);
  });

  it("names every missing field at once", () => {
    expect(ruleMessages({})).toEqual([
      "merchant is missing",
      "date is missing",
      "currency is missing",
      "total is missing",
    ]);
  });

  it.each([
    ["Bad\u0000Shop", "merchant must not contain a NUL character, which PostgreSQL cannot store"],
    ["Caf\uD83E", "merchant must be valid Unicode (it contains a lone surrogate)"],
  ])("refuses a merchant the customer's table cannot store: %j", (merchant, problem) => {
    expect(ruleMessages({ ...valid, merchant })).toEqual([problem]);
  });

  it.each(["0000-01-01", "1899-12-31"])(
    "refuses the date %s, which the customer's table does not hold",
    (date) => {
      expect(ruleMessages({ ...valid, date })).toEqual([
        `date ${date} must be within 1900-01-01 to 2099-12-31`,
      ]);
    },
  );

  it("refuses a merchant without a letter or digit", () => {
    expect(ruleMessages({ ...valid, merchant: "***" })).toEqual(["merchant has no letters or digits"]);
  });
});

describe("validateReceipt", () => {
  it("calls valid only what the delivery table can store, for every generated combination of hostile hints", () => {
    const merchants = [
      "Café",
      "Bad\u0000Shop",
      "Caf\uD83E",
      "\uDDFE",
      "m".repeat(200),
      "\u{1F9FE}".repeat(100),
      "  x  ",
    ];
    const dates = [
      "0000-01-01",
      "0001-01-01",
      "1899-12-31",
      "1900-01-01",
      "2026-11-24",
      "2026-11-25",
      "2023-02-29",
    ];
    const totals = [0.01, 12.345, 1e11, Number.MAX_SAFE_INTEGER / 10_000, Number.MAX_SAFE_INTEGER, -1];
    const currencies = ["EUR", "JPY", "CLF", "eur", "EURO"];
    let valid = 0;

    for (const merchant of merchants)
      for (const date of dates)
        for (const total of totals)
          for (const currency of currencies) {
            const verdict = validateReceipt(item({ merchant, date, total, currency }), now, config);
            if (!verdict.valid) continue;
            valid++;
            const { merchant: name, date: day, totalMinor } = verdict.receipt;
            const delivered = DeliveryMessageSchema.safeParse({
              receiptId: item({}).photoId,
              ownerId: item({}).ownerId,
              merchant: name,
              date: day,
              totalMinor,
              currency,
              category: "other",
              storedAt: now.toISOString(),
            });
            expect(
              delivered.error?.issues,
              JSON.stringify({ merchant, date, total, currency }),
            ).toBeUndefined();
          }

    expect(valid).toBeGreaterThan(0);
  });

  it("answers a valid receipt normalised, with the keys the duplicate check and the rules read", () => {
    expect(validateReceipt(item(valid), now, config)).toEqual({
      valid: true,
      receipt: {
        merchant: "Café Müller & Söhne",
        merchantKey: "cafe-muller-and-sohne",
        date: "2026-11-20",
        total: 12.5,
        totalMinor: 1250,
        currency: "EUR",
      },
      keys: {
        hash: "HASH#9f2c6d1e4b7a0c3f5e8d2b1a4c7f0e3d6b9a2c5f8e1d4b7a0c3f6e9d2b5a8c1f",
        match: "MATCH#cafe-muller-and-sohne#2026-11-20#1250#EUR",
        categoryRule: "RULE#cafe-muller-and-sohne",
      },
      problems: [],
      findings: [],
      // Every field given by the uploader and none out of rule: nothing for a person to decide.
      review: {
        needed: false,
        reasons: [],
        reasonsIfDuplicate: null,
        fields: { merchant: "Café  Müller & Söhne", date: "2026-11-20", total: 12.5, currency: "EUR" },
      },
      attributes: {
        reading: { NULL: true },
        findings: { L: [] },
        problems: { L: [] },
        review: { NULL: true },
      },
    });
  });

  it("reads every field from the receipt when the uploader gave no hints", () => {
    const verdict = validateReceipt(item({}, readingOf()), now, config);

    expect(verdict).toMatchObject({
      valid: true,
      receipt: { merchant: "CAFE MULLER & SOHNE", date: "2026-11-20", totalMinor: 1250, currency: "EUR" },
      findings: [],
    });
  });

  it("keeps the uploader's hint where the reading disagrees, and says so", () => {
    const verdict = validateReceipt(item({ total: 13.5 }, readingOf()), now, config);

    expect(verdict).toMatchObject({ valid: true, receipt: { total: 13.5, totalMinor: 1350 } });
    expect(verdict.findings).toEqual([
      {
        field: "total",
        code: "HINT_DISAGREES",
        message: "the uploader gave total 13.5, the receipt reads 12.5",
      },
    ]);
  });

  it("takes a merchant hint that names the same shop as the reading without a finding", () => {
    expect(validateReceipt(item({ merchant: "Café Müller" }, readingOf()), now, config).findings).toEqual([]);
  });

  it("flags every field read with low confidence, and still uses them", () => {
    const verdict = validateReceipt(item({}, readingOf(0.5)), now, config);

    expect(verdict.valid).toBe(true);
    expect(verdict.findings.map((finding) => [finding.field, finding.code])).toEqual([
      ["merchant", "LOW_CONFIDENCE"],
      ["date", "LOW_CONFIDENCE"],
      ["total", "LOW_CONFIDENCE"],
      ["currency", "LOW_CONFIDENCE"],
    ]);
  });

  it("answers a receipt whose total was neither read nor given invalid, with the finding and the reading kept", () => {
    const verdict = validateReceipt(item({}, { ...readingOf(), total: null }), now, config);

    expect(verdict).toMatchObject({ valid: false, problems: ["total is missing"] });
    expect(verdict.findings).toEqual([
      { field: "total", code: "NOT_READ", message: "no total could be read from the receipt" },
    ]);
    // The attributes are what the state machine writes on the INVALID receipt item.
    const stored = ReceiptItemSchema.partial().parse(unmarshall(verdict.attributes as never));
    expect(stored).toMatchObject({
      reading: { merchant: { value: "CAFE MULLER & SOHNE" }, total: null },
      findings: verdict.findings,
      problems: ["total is missing"],
    });
  });

  it("answers schema problems as an invalid receipt, never by throwing", () => {
    const verdict = validateReceipt(
      { ...item(valid), sha256: "nope", receipt: { total: "12" } },
      now,
      config,
    );

    expect(verdict).toMatchObject({ valid: false, receipt: null, keys: null });
    expect(verdict.problems).toEqual([
      "sha256: sha256 is 64 lower-case hex digits",
      "receipt.total: Invalid input: expected number, received string",
    ]);
  });

  it("answers an invalid receipt with the same fields as a valid one, null where there is nothing", () => {
    expect(Object.keys(validateReceipt(item({}), now, config)).sort()).toEqual([
      "attributes",
      "findings",
      "keys",
      "problems",
      "receipt",
      "review",
      "valid",
    ]);
  });
});

describe("when a receipt waits for its owner (issue 15)", () => {
  const decision = (after: Record<string, unknown>, action: "approve" | "correct" = "approve") => ({
    action,
    reviewer: "Qm9iLXRoZS1idWlsZGVyMQ",
    decidedAt: "2026-11-24T10:00:00.000Z",
    before: after,
    after,
  });

  it("sends a field read with low confidence to review, and names it", () => {
    const verdict = validateReceipt(item({}, readingOf(0.6)), now, config);

    expect(verdict.valid).toBe(true);
    expect(verdict.review.needed).toBe(true);
    expect(verdict.review.reasons.map((reason) => [reason.code, reason.field])).toEqual([
      ["LOW_CONFIDENCE", "merchant"],
      ["LOW_CONFIDENCE", "date"],
      ["LOW_CONFIDENCE", "total"],
      ["LOW_CONFIDENCE", "currency"],
    ]);
    expect(verdict.review.fields).toEqual({
      merchant: "CAFE MULLER & SOHNE",
      date: "2026-11-20",
      total: 12.5,
      currency: "EUR",
    });
  });

  it("takes the deployment's confidence threshold, and no review at all when reviews are off", () => {
    expect(
      validateReceipt(item({}, readingOf(0.6)), now, { ...config, minConfidence: 0.5 }).review.needed,
    ).toBe(false);
    expect(
      validateReceipt(item({}, readingOf(0.6)), now, { ...config, reviewsEnabled: false }).review,
    ).toEqual(expect.objectContaining({ needed: false, reasonsIfDuplicate: null }));
  });

  it("reviews a total over the owner's limit, the owner's own limit before the deployment's", () => {
    const limits = { "*": { EUR: 10 }, Qm9iLXRoZS1idWlsZGVyMQ: { EUR: 100 } };
    const other = { ...item(valid), ownerId: "T3RoZXItb3duZXItaWQtMQ" };

    expect(validateReceipt(other, now, { ...config, totalLimits: limits }).review.reasons).toEqual([
      { code: "OVER_LIMIT", field: "total", message: "total 12.5 EUR is above the limit of 10 EUR" },
    ]);
    expect(validateReceipt(item(valid), now, { ...config, totalLimits: limits }).review.needed).toBe(false);
  });

  it("reviews a rule broken by a value the machine read, but leaves the uploader's own mistake INVALID", () => {
    const unreadTotal = { ...readingOf(), total: null };
    const read = validateReceipt(item({}, unreadTotal), now, config);
    expect(read).toMatchObject({ valid: false, problems: ["total is missing"] });
    expect(read.review.needed).toBe(true);
    expect(read.review.reasons.map((reason) => reason.code)).toEqual(["NOT_READ", "BROKEN_RULE"]);

    const hinted = validateReceipt(item({ date: "2027-01-01" }, readingOf()), now, config);
    expect(hinted.valid).toBe(false);
    expect(hinted.review.needed).toBe(false);
  });

  it("calls a match on read fields a likely duplicate, and one on given fields a duplicate", () => {
    const read = validateReceipt(item({}, readingOf()), now, config);
    expect(read.review.needed).toBe(false);
    expect(read.review.reasonsIfDuplicate?.map((reason) => reason.code)).toEqual(["LIKELY_DUPLICATE"]);

    expect(validateReceipt(item(valid, readingOf()), now, config).review.reasonsIfDuplicate).toBeNull();
  });

  it("takes the owner's decision over the hints and the reading, and never asks again", () => {
    const corrected = { merchant: "Café Müller", date: "2026-11-19", total: 12.5, currency: "EUR" };
    const verdict = validateReceipt(
      {
        ...item({ total: 99 }, readingOf(0.6)),
        reviewed: { decision: decision(corrected, "correct"), reasons: [] },
      },
      now,
      config,
    );

    expect(verdict).toMatchObject({
      valid: true,
      receipt: { merchant: "Café Müller", date: "2026-11-19", total: 12.5 },
    });
    expect(verdict.review).toMatchObject({ needed: false, reasonsIfDuplicate: null });
    expect(verdict.findings.find((finding) => finding.field === "date")?.message).toBe(
      'the reviewer gave date "2026-11-19", the receipt reads "2026-11-20"',
    );
    expect(unmarshall({ review: verdict.attributes.review } as never).review).toMatchObject({
      decision: { action: "correct", after: corrected },
    });
  });

  it("gives a receipt its owner kept despite a likely duplicate a match key of its own", () => {
    const reviewed = {
      decision: decision(valid),
      reasons: [{ code: "LIKELY_DUPLICATE" as const, message: "same merchant, date and total" }],
    };
    const verdict = validateReceipt({ ...item({}, readingOf()), reviewed }, now, config);

    expect(verdict.keys?.match).toBe(
      "MATCH#cafe-muller-and-sohne#2026-11-20#1250#EUR#01KAXG3W7R5N8ZK4T2B9C6D1EF",
    );
  });
});
