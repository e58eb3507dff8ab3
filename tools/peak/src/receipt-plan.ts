import { merchantKeyOf, type ReceiptHints, toMinorUnits } from "@shoebox/schemas";
import { type Random, seededRandom } from "./random.ts";

/** What the receipt workflow (or, for an unreadable image, the thumbnail stage) should decide. */
export type ExpectedOutcome = "stored" | "duplicate" | "invalid" | "failed";
export const EXPECTED_OUTCOMES: readonly ExpectedOutcome[] = ["stored", "duplicate", "invalid", "failed"];

/** Why a planned receipt ends as it does. */
export type ReceiptVariant =
  /** A new, valid receipt: stored and delivered to PostgreSQL. */
  | "unique"
  /** The same bytes as an earlier receipt (uploaded twice): a duplicate by content hash. */
  | "same-image"
  /** The same merchant, date, total and currency as an earlier one, photographed again (other bytes): a duplicate by match. */
  | "same-receipt"
  | "future-date"
  | "non-positive-total"
  | "unknown-currency"
  /** Starts like a JPEG, the rest is text: the thumbnail stage fails it (CORRUPT_IMAGE). */
  | "unreadable-image";

export interface ReceiptLine {
  name: string;
  quantity: number;
  price: number;
}

/** What is printed on the receipt. */
export interface ReceiptContent {
  merchant: string;
  address: string;
  /** YYYY-MM-DD */
  date: string;
  time: string;
  currency: string;
  lines: ReceiptLine[];
  total: number;
}

export interface PlannedReceipt {
  index: number;
  /** File name of the upload, e.g. `receipt-00042.jpg`. */
  name: string;
  variant: ReceiptVariant;
  expected: ExpectedOutcome;
  /** What the uploader declares with the upload (`receipt` hints of POST /uploads). */
  hints: Required<ReceiptHints>;
  content: ReceiptContent;
  /** Seed of the paper (noise, tilt): two photos of one receipt differ here. */
  paperSeed: number;
  /** For `same-image` and `same-receipt`: the index of the receipt it repeats. */
  original?: number;
  /** For invalid receipts: the rule it breaks. */
  problem?: string;
}

export interface PlanShares {
  /** Duplicates of earlier valid receipts (about 3 in 4 by hash, 1 in 4 by match). */
  duplicate: number;
  invalid: number;
  unreadable: number;
}

export const DEFAULT_SHARES: PlanShares = { duplicate: 0.08, invalid: 0.07, unreadable: 0.005 };

export interface ReceiptPlan {
  seed: string;
  /** The day the plan was made for (YYYY-MM-DD): valid receipts are dated before it, invalid ones after. */
  today: string;
  receipts: PlannedReceipt[];
  expected: Record<ExpectedOutcome, number>;
}

export interface PlanOptions {
  seed?: string | number;
  /** Reference day (default: now). Fixed in tests so the plan is the same on every day. */
  today?: Date;
  shares?: Partial<PlanShares>;
}

/** Shops, each in its own currency with the price range it charges. */
const MERCHANTS: ReadonlyArray<{
  name: string;
  address: string;
  currency: string;
  prices: [number, number];
  catalogue: readonly string[];
}> = [
  {
    name: "Café Central",
    address: "Herrengasse 14, Wien",
    currency: "EUR",
    prices: [2, 14],
    catalogue: ["Melange", "Apfelstrudel", "Sachertorte", "Espresso", "Mineralwasser", "Croissant"],
  },
  {
    name: "Bäckerei Schmidt",
    address: "Hauptstr. 3, Köln",
    currency: "EUR",
    prices: [1, 6],
    catalogue: ["Roggenbrot", "Brezel", "Kaffee", "Mohnschnecke", "Laugenstange", "Quarktasche"],
  },
  {
    name: "Corner Hardware",
    address: "118 Elm St, Portland",
    currency: "USD",
    prices: [2, 40],
    catalogue: [
      "Wood screws 4x40",
      "Sandpaper P120",
      "Masking tape",
      "Wall plugs",
      "LED bulb E27",
      "Batteries AA x4",
    ],
  },
  {
    name: "Green Grocer",
    address: "7 Market Row, Leeds",
    currency: "GBP",
    prices: [1, 8],
    catalogue: ["Apples 1kg", "Leeks", "Carrots 500g", "Oat milk", "Free range eggs", "Sourdough"],
  },
  {
    name: "Office Supply Co",
    address: "55 King St, Toronto",
    currency: "CAD",
    prices: [3, 90],
    catalogue: ["Printer paper A4", "Toner black", "Stapler", "Ring binder", "Sticky notes", "Gel pens x10"],
  },
  {
    name: "Librería Norte",
    address: "Calle Mayor 21, Madrid",
    currency: "EUR",
    prices: [2, 30],
    catalogue: ["Cuaderno A5", "Novela", "Mapa de Madrid", "Marcapáginas", "Agenda 2026", "Lápices"],
  },
  {
    name: "Pharmacie du Parc",
    address: "2 rue du Parc, Lyon",
    currency: "EUR",
    prices: [2, 25],
    catalogue: ["Paracétamol", "Sérum phy", "Crème mains", "Pansements", "Vitamine C", "Thermomètre"],
  },
  {
    name: "Tokyo Station Kiosk",
    address: "1-9-1 Marunouchi, Tokyo",
    currency: "JPY",
    prices: [120, 1800],
    catalogue: ["Onigiri", "Green tea", "Bento", "Newspaper", "Umbrella", "Chewing gum"],
  },
  {
    name: "Fuel & Go",
    address: "A4 Services, Reading",
    currency: "GBP",
    prices: [2, 70],
    catalogue: ["Unleaded 40L", "Screen wash", "Coffee to go", "Sandwich", "Car wash", "Chocolate bar"],
  },
  {
    name: "Trattoria Da Mario",
    address: "Via Roma 8, Bologna",
    currency: "EUR",
    prices: [2, 22],
    catalogue: [
      "Tagliatelle al ragù",
      "Acqua frizzante",
      "Tiramisù",
      "Vino rosso 0.25",
      "Caffè",
      "Pane e coperto",
    ],
  },
  {
    name: "City Parking",
    address: "Level 2, Central Garage, Dublin",
    currency: "EUR",
    prices: [3, 30],
    catalogue: ["Parking 2h", "Parking 4h", "Parking day", "EV charging", "Validation fee", "Late exit"],
  },
  {
    name: "Nordic Electronics",
    address: "Drottninggatan 40, Stockholm",
    currency: "SEK",
    prices: [49, 1490],
    catalogue: ["USB-C cable", "Charger 65W", "HDMI adapter", "Mouse", "Keyboard", "Headset"],
  },
  {
    name: "Taxi Zürich",
    address: "Bahnhofplatz, Zürich",
    currency: "CHF",
    prices: [4, 60],
    catalogue: ["Fare", "Night surcharge", "Luggage", "Booking fee", "Waiting time", "Airport fee"],
  },
  {
    name: "Hotel Bellevue",
    address: "Rue du Lac 5, Genève",
    currency: "CHF",
    prices: [5, 260],
    catalogue: ["Room night", "Breakfast", "City tax", "Minibar", "Parking", "Laundry"],
  },
  {
    name: "Seven Seas Seafood",
    address: "Pier 39, San Francisco",
    currency: "USD",
    prices: [4, 38],
    catalogue: ["Clam chowder", "Fish & chips", "Lemonade", "Crab cake", "Oysters x6", "Tip"],
  },
];
const UNKNOWN_CURRENCIES = ["ABC", "XYZ", "QQQ"] as const;

const DAY_MS = 86_400_000;
const isoDay = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** A price in the currency's minor units, as a number with exactly those decimals. */
const price = (random: Random, code: string, min: number, max: number): number => {
  const digits = code === "JPY" ? 0 : 2;
  const minor = random.int(min * 10 ** digits, max * 10 ** digits);
  return minor / 10 ** digits;
};

const sumOf = (lines: ReceiptLine[], code: string): number => {
  const digits = code === "JPY" ? 0 : 2;
  const minor = lines.reduce((sum, line) => sum + Math.round(line.price * line.quantity * 10 ** digits), 0);
  return minor / 10 ** digits;
};

/** The key the duplicate check matches on: merchant, date, total in minor units, currency. */
export const matchKeyOf = (hints: Pick<Required<ReceiptHints>, "merchant" | "date" | "total" | "currency">) =>
  `${merchantKeyOf(hints.merchant)}#${hints.date}#${toMinorUnits(hints.total, hints.currency) ?? hints.total}#${hints.currency}`;

const newContent = (random: Random, today: number): ReceiptContent => {
  const shop = random.pick(MERCHANTS);
  const [minPrice, maxPrice] = shop.prices;
  const lines = Array.from({ length: random.int(3, 6) }, () => ({
    name: random.pick(shop.catalogue),
    quantity: random.int(1, 10) <= 8 ? 1 : random.int(2, 3),
    price: price(random, shop.currency, minPrice, maxPrice),
  }));
  return {
    merchant: shop.name,
    address: shop.address,
    // The peak: the 60 days before today (December and January, in January).
    date: isoDay(today - random.int(1, 60) * DAY_MS),
    time: `${String(random.int(7, 21)).padStart(2, "0")}:${String(random.int(0, 59)).padStart(2, "0")}`,
    currency: shop.currency,
    lines,
    total: sumOf(lines, shop.currency),
  };
};

const hintsOf = (content: ReceiptContent): Required<ReceiptHints> => ({
  merchant: content.merchant,
  date: content.date,
  total: content.total,
  currency: content.currency,
});

/**
 * The plan of a peak run: `count` receipts, each with what its image shows, what the uploader
 * declares and the outcome the workflow must reach. About 85 % are new valid receipts, 8 %
 * duplicates of earlier ones (same bytes, or the same receipt photographed again), 7 % invalid
 * (a date in the future, a total of zero or less, a currency that is not ISO 4217) and 0.5 %
 * unreadable images. Deterministic from `seed` and `today`.
 *
 * @example
 * const plan = planReceipts(200, { seed: "demo" });
 * plan.expected; // { stored: 170, duplicate: 16, invalid: 14, failed: 1 } (roughly)
 */
export const planReceipts = (count: number, options: PlanOptions = {}): ReceiptPlan => {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`the plan needs at least one receipt, not ${count}`);
  const seed = String(options.seed ?? "shoebox-peak");
  const shares = { ...DEFAULT_SHARES, ...options.shares };
  const random = seededRandom(seed);
  const todayTime = Date.parse(isoDay((options.today ?? new Date()).getTime()));

  const duplicates = Math.round(count * shares.duplicate);
  const invalid = Math.round(count * shares.invalid);
  const unreadable = Math.min(Math.round(count * shares.unreadable), count - duplicates - invalid - 1);
  const unique = count - duplicates - invalid - unreadable;
  if (unique < 1) throw new Error(`shares ${JSON.stringify(shares)} leave no valid receipt among ${count}`);
  const sameReceipts = Math.floor(duplicates / 4);
  const invalidVariants: ReceiptVariant[] = ["future-date", "non-positive-total", "unknown-currency"];
  const variants: ReceiptVariant[] = [
    ...Array<ReceiptVariant>(unique).fill("unique"),
    ...Array<ReceiptVariant>(duplicates - sameReceipts).fill("same-image"),
    ...Array<ReceiptVariant>(sameReceipts).fill("same-receipt"),
    ...Array.from({ length: invalid }, (_, index) => invalidVariants[index % 3] as ReceiptVariant),
    ...Array<ReceiptVariant>(unreadable).fill("unreadable-image"),
  ];
  random.shuffle(variants);
  // A duplicate repeats an EARLIER receipt: the first one is always new.
  const firstUnique = variants.indexOf("unique");
  [variants[0], variants[firstUnique]] = [
    variants[firstUnique] as ReceiptVariant,
    variants[0] as ReceiptVariant,
  ];

  const matchKeys = new Set<string>();
  const storedSoFar: number[] = [];
  const receipts: PlannedReceipt[] = [];
  const planOne = (variant: ReceiptVariant, index: number): PlannedReceipt => {
    const base = { index, name: `receipt-${String(index + 1).padStart(5, "0")}.jpg`, variant };
    const paperSeed = random.int(0, 2 ** 31 - 1);
    if (variant === "same-image" || variant === "same-receipt") {
      const original = receipts[random.pick(storedSoFar)] as PlannedReceipt;
      return {
        ...base,
        expected: "duplicate",
        hints: { ...original.hints },
        content: original.content,
        // Same bytes: the original's paper too; another photo: another paper.
        paperSeed: variant === "same-image" ? original.paperSeed : paperSeed,
        original: original.index,
      };
    }
    let content = newContent(random, todayTime);
    // A new receipt must not match an earlier one by chance (it would be a duplicate).
    while (matchKeys.has(matchKeyOf(content))) content = newContent(random, todayTime);
    matchKeys.add(matchKeyOf(content));
    if (variant === "unique") {
      storedSoFar.push(index);
      return { ...base, expected: "stored", hints: hintsOf(content), content, paperSeed };
    }
    if (variant === "unreadable-image") {
      return { ...base, expected: "failed", hints: hintsOf(content), content, paperSeed };
    }
    if (variant === "future-date") {
      content = { ...content, date: isoDay(todayTime + random.int(7, 60) * DAY_MS) };
      return {
        ...base,
        expected: "invalid",
        hints: hintsOf(content),
        content,
        paperSeed,
        problem: `date ${content.date} is in the future`,
      };
    }
    if (variant === "non-positive-total") {
      // A voided sale (0.00) or a refund slip (a negative total).
      const refund = random.next() < 0.5;
      const lines = refund
        ? content.lines.map((line) => ({ ...line, price: -line.price }))
        : content.lines.map((line) => ({ ...line, price: 0 }));
      content = { ...content, lines, total: sumOf(lines, content.currency) };
      return {
        ...base,
        expected: "invalid",
        hints: hintsOf(content),
        content,
        paperSeed,
        problem: `total ${content.total} is not above zero`,
      };
    }
    content = { ...content, currency: random.pick(UNKNOWN_CURRENCIES) };
    return {
      ...base,
      expected: "invalid",
      hints: hintsOf(content),
      content,
      paperSeed,
      problem: `currency ${content.currency} is not ISO 4217`,
    };
  };
  for (const [index, variant] of variants.entries()) receipts.push(planOne(variant, index));

  const expected = { stored: 0, duplicate: 0, invalid: 0, failed: 0 };
  for (const receipt of receipts) expected[receipt.expected]++;
  return { seed, today: isoDay(todayTime), receipts, expected };
};
