/*
 * What each receipt of the corpus says: its merchant, date, goods and payment, and the lines a
 * till prints for them, in the country's formats, with the figures a reader must not take for
 * the total (subtotal, tax, cash tendered, change, savings, points, SKUs, phone numbers).
 * Every choice comes from a seeded generator per receipt, so receipt 12 is the same whatever
 * else changes, and the labels are known exactly.
 */
import { seededRandom } from "../../tools/peak/src/random.ts";
import { goodsOf, merchants } from "./catalogue.mjs";
import { formatAmount, formatDate, formatMoney, labelAmount, locales } from "./locales.mjs";

/** Characters per line of an 80 mm thermal printer's standard font. */
export const COLUMNS = 42;

/** The words each country's tills print, in their usual variants. */
const vocabulary = {
  us: {
    subtotal: ["SUBTOTAL", "SUB TOTAL", "Subtotal"],
    total: ["TOTAL", "BALANCE DUE", "AMOUNT DUE", "TOTAL"],
    cash: "CASH TENDERED",
    change: "CHANGE",
    cards: ["VISA", "MASTERCARD", "AMEX", "DEBIT"],
    saved: "YOU SAVED",
    points: ["POINTS EARNED", "POINTS BALANCE"],
    items: "ITEMS SOLD",
    date: ["DATE:", "Date"],
    time: ["TIME:", "Time"],
    thanks: ["THANK YOU FOR SHOPPING WITH US", "Thank you! Please come again", "HAVE A GREAT DAY"],
  },
  uk: {
    subtotal: ["SUBTOTAL", "Sub-total"],
    total: ["TOTAL", "BALANCE TO PAY", "TOTAL TO PAY"],
    cash: "CASH TENDERED",
    change: "CHANGE DUE",
    cards: ["VISA DEBIT", "MASTERCARD", "CONTACTLESS VISA"],
    saved: "YOU SAVED",
    points: ["POINTS EARNED", "POINTS BALANCE"],
    items: "ITEMS",
    date: ["DATE", "Date:"],
    time: ["TIME", "Time:"],
    thanks: ["THANK YOU FOR SHOPPING WITH US", "Thank you for your custom", "Please retain your receipt"],
  },
  de: {
    subtotal: ["Zwischensumme", "ZWISCHENSUMME"],
    total: ["SUMME EUR", "Summe", "GESAMTBETRAG", "ZU ZAHLEN"],
    cash: "Gegeben BAR",
    change: "Rückgeld",
    cards: ["EC-Karte", "girocard", "VISA"],
    saved: "Sie sparen",
    points: ["Punkte gesammelt", "Punktestand"],
    items: "Anzahl Artikel",
    date: ["Datum:", "Datum"],
    time: ["Uhrzeit:", "Zeit"],
    thanks: ["Vielen Dank für Ihren Einkauf", "Danke und bis bald!", "Bitte Bon aufbewahren"],
  },
  fr: {
    subtotal: ["SOUS-TOTAL", "Sous-total"],
    total: ["TOTAL TTC", "TOTAL", "NET A PAYER"],
    cash: "ESPECES",
    change: "RENDU",
    cards: ["CB", "CB SANS CONTACT", "VISA"],
    saved: "ECONOMIES",
    points: ["POINTS FIDELITE", "CUMUL POINTS"],
    items: "NB ARTICLES",
    date: ["Date :", "Le"],
    time: ["Heure :", "à"],
    thanks: ["MERCI DE VOTRE VISITE", "A bientôt !", "Merci et bonne journée"],
  },
  es: {
    subtotal: ["SUBTOTAL", "Base imponible"],
    total: ["TOTAL", "TOTAL A PAGAR", "IMPORTE TOTAL"],
    cash: "EFECTIVO",
    change: "CAMBIO",
    cards: ["TARJETA", "VISA", "TARJETA CREDITO"],
    saved: "AHORRO",
    points: ["PUNTOS OBTENIDOS", "SALDO PUNTOS"],
    items: "ARTICULOS",
    date: ["Fecha:", "FECHA"],
    time: ["Hora:", "HORA"],
    thanks: ["GRACIAS POR SU VISITA", "Gracias por su compra"],
  },
  nl: {
    subtotal: ["SUBTOTAAL", "Subtotaal"],
    total: ["TOTAAL", "TE BETALEN", "TOTAAL EUR"],
    cash: "CONTANT",
    change: "WISSELGELD",
    cards: ["PIN", "MAESTRO", "VISA"],
    saved: "U BESPAART",
    points: ["SPAARPUNTEN", "PUNTENSALDO"],
    items: "AANTAL ARTIKELEN",
    date: ["Datum:", "Datum"],
    time: ["Tijd:", "Tijd"],
    thanks: ["BEDANKT EN TOT ZIENS", "Dank u wel!"],
  },
};

/** VAT registration lines, one per country that prints one. */
const vatNumberLine = {
  uk: (random) => `VAT No. GB ${random.int(100, 999)} ${random.int(1000, 9999)} ${random.int(10, 99)}`,
  de: (random) => `USt-IdNr.: DE${random.int(100000000, 999999999)}`,
  fr: (random) =>
    `SIRET ${random.int(100, 999)} ${random.int(100, 999)} ${random.int(100, 999)} 000${random.int(10, 99)}`,
  es: (random) => `CIF B${random.int(10000000, 99999999)}`,
  nl: (random) => `BTW NL${random.int(100000000, 999999999)}B01`,
};

const taxWord = { us: "TAX", uk: "VAT", de: "MwSt", fr: "TVA", es: "IVA", nl: "BTW" };

/** Notes and coins a customer hands over, in cents: the smallest that covers the total. */
const CASH_STEPS = [500, 1000, 2000, 5000, 10000, 20000];

const FIRST_DAY = Date.UTC(2023, 0, 1);
const DAYS = 3 * 365;
const isoDay = (random) =>
  new Date(FIRST_DAY + random.int(0, DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
const addDays = (iso, days) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
const chance = (random, probability) => random.next() < probability;

/** The file type of each style: a scan is a PNG, a phone photo a JPEG (or HEIC). */
const EXTENSIONS = { clean: "png", photo: "jpg", pdf: "pdf", heic: "heic" };

const text = (fields) => ({ type: "text", ...fields });
const RULE = { type: "rule" };
const BLANK = { type: "blank" };

/**
 * The corpus, in order: which style and country each receipt has. Countries are spread over
 * the styles (US about a third, UK a quarter, the euro countries the rest). The long receipt
 * (110 items) is a clean US scan; one text-layer PDF runs over two pages; two US receipts are
 * from a computer shop, for four-digit totals.
 */
const LOCALE_CYCLE = ["us", "uk", "de", "us", "fr", "uk", "es", "us", "nl", "de", "uk", "us"];
export const corpusLayout = () => {
  const styles = [
    ...Array.from({ length: 26 }, () => "clean"),
    ...Array.from({ length: 30 }, () => "photo"),
    "pdf",
    "pdf",
    "pdf",
    "pdf",
    "heic",
    "heic",
  ];
  return styles.map((style, offset) => {
    const index = offset + 1;
    const layout = { index, style, locale: LOCALE_CYCLE[offset % LOCALE_CYCLE.length], items: undefined };
    // A computer shop's receipts, for totals with thousands separators ($1,234.56).
    if (index === 12 || index === 48) return { ...layout, locale: "us", kind: "electronics" };
    if (index === 26) return { ...layout, locale: "us", kind: "grocery", items: 110 };
    if (index === 58) return { ...layout, locale: "de", kind: "grocery", items: 64, pdfText: true };
    if (index === 57) return { ...layout, pdfText: true };
    return layout;
  });
};

/** One bought line: what, how many, at what unit price; its SKU or PLU where the shop prints one. */
const pickItems = (random, locale, kind, count) => {
  const goods = goodsOf(locale, kind);
  return Array.from({ length: count }, () => {
    const [name, low, high] = random.pick(goods);
    const quantity = kind === "grocery" || kind === "cafe" ? random.pick([1, 1, 1, 1, 2, 3]) : 1;
    const unitCents = random.int(low, high);
    const sku = ["hardware", "electronics"].includes(kind)
      ? String(random.int(100000, 999999)) + String(random.int(100000, 999999))
      : kind === "grocery" && chance(random, 0.5)
        ? String(random.int(3000, 4999))
        : undefined;
    return { name, quantity, unitCents, cents: unitCents * quantity, sku };
  });
};

const itemCountFor = (random, kind) =>
  ({ grocery: random.int(4, 14), cafe: random.int(1, 4), restaurant: random.int(2, 6) })[kind] ??
  random.int(1, 5);

/**
 * One receipt's content: everything needed to print it and to label it.
 *
 * @example
 * const receipt = planReceipt(corpusLayout()[0]);
 * receipt.label; // { merchant: "…", date: "2024-…", total: "…", currency: "USD" }
 */
export const planReceipt = (layout) => {
  const random = seededRandom(`receipt-${layout.index}`);
  const locale = locales[layout.locale];
  const words = vocabulary[layout.locale];
  const candidates = merchants[layout.locale].filter(
    (merchant) => !layout.kind || merchant.kind === layout.kind,
  );
  const merchant = random.pick(candidates);
  const items = pickItems(
    random,
    layout.locale,
    merchant.kind,
    layout.items ?? itemCountFor(random, merchant.kind),
  );
  const itemsCents = items.reduce((sum, item) => sum + item.cents, 0);
  const taxRate = random.pick(locale.taxRates);
  // US prices are before sales tax; European and British prices include VAT.
  const taxCents = locale.taxIncluded
    ? Math.round((itemsCents * taxRate) / (100 + taxRate))
    : Math.round((itemsCents * taxRate) / 100);
  const totalCents = locale.taxIncluded ? itemsCents : itemsCents + taxCents;
  const date = isoDay(random);
  const dateFormat = random.pick(locale.dateFormats);
  const time = `${String(random.int(7, 21)).padStart(2, "0")}:${String(random.int(0, 59)).padStart(2, "0")}`;
  const paidInCash = chance(random, 0.4);
  const tenderedCents = paidInCash
    ? (CASH_STEPS.find((step) => step >= totalCents) ?? Math.ceil(totalCents / 10000) * 10000)
    : undefined;
  return {
    ...layout,
    file: `r${String(layout.index).padStart(3, "0")}-${layout.style}-${layout.locale}.${EXTENSIONS[layout.style]}`,
    merchant,
    items,
    taxRate,
    taxCents,
    totalCents,
    date,
    dateText: formatDate(dateFormat, date),
    dateFormat,
    time,
    payment: paidInCash
      ? { method: "cash", tenderedCents, changeCents: tenderedCents - totalCents }
      : { method: "card", card: random.pick(words.cards), last4: String(random.int(1000, 9999)) },
    savingsCents:
      ["grocery", "pharmacy"].includes(merchant.kind) && chance(random, 0.5) ? random.int(50, 900) : 0,
    points: chance(random, 0.35) ? { earned: random.int(5, 250), balance: random.int(300, 9800) } : undefined,
    welcome: layout.locale === "us" && chance(random, 0.25),
    storeNumber: chance(random, 0.4) ? `Store #${String(random.int(1, 9999)).padStart(4, "0")}` : undefined,
    vatNumber: vatNumberLine[layout.locale]?.(random),
    dateAtTop: chance(random, 0.7),
    dateLabelled: chance(random, 0.5),
    headerUppercase: chance(random, 0.75),
    register: `REG ${String(random.int(1, 12)).padStart(2, "0")}  TRN ${random.int(1000, 9999)}  OP ${random.int(10, 99)}`,
    totalWord: random.pick(words.total),
    subtotalWord: random.pick(words.subtotal),
    returnBy:
      ["hardware", "electronics"].includes(merchant.kind) && ["us", "uk"].includes(layout.locale)
        ? addDays(date, 30)
        : undefined,
    thanks: random.pick(words.thanks),
    label: {
      merchant: merchant.name,
      date,
      total: labelAmount(totalCents),
      currency: locale.currency,
    },
  };
};

/** A long name cut to leave room for its amount, as tills do. */
const clip = (left, right) => {
  const room = COLUMNS - (right?.length ?? 0) - 1;
  return left.length > room ? left.slice(0, room) : left;
};

/**
 * The lines a till prints for the receipt, top to bottom: `text` lines (left / right / centre
 * parts, bold, big), `rule` (a row of dashes) and `blank`.
 */
export const receiptLines = (receipt) => {
  const locale = locales[receipt.locale];
  const words = vocabulary[receipt.locale];
  const amount = (cents) => formatAmount(locale, cents);
  const money = (cents) => formatMoney(locale, cents);
  const us = receipt.locale === "us";
  const dateLine = receipt.dateLabelled
    ? text({ left: `${words.date[0]} ${receipt.dateText}`, right: `${words.time[0]} ${receipt.time}` })
    : text({ left: receipt.dateText, right: receipt.time });

  const header = [
    ...(receipt.welcome ? [text({ center: "WELCOME TO" })] : []),
    text({
      center: receipt.headerUppercase ? receipt.merchant.name.toUpperCase() : receipt.merchant.name,
      bold: true,
      big: true,
    }),
    ...(receipt.storeNumber ? [text({ center: receipt.storeNumber })] : []),
    ...receipt.merchant.lines.map((line) => text({ center: line })),
    ...(receipt.vatNumber ? [text({ center: receipt.vatNumber })] : []),
    BLANK,
    ...(receipt.dateAtTop ? [dateLine] : []),
    text({ left: receipt.register }),
    RULE,
  ];

  const items = receipt.items.flatMap((item) => {
    const taxFlag = us ? (receipt.taxRate > 0 ? " T" : " F") : receipt.locale === "de" ? " A" : "";
    const right = `${amount(item.cents)}${taxFlag}`;
    const name = item.sku && item.sku.length <= 4 ? `${item.sku} ${item.name}` : item.name;
    return [
      ...(item.quantity > 1
        ? [text({ left: `  ${item.quantity} ${us ? "@" : "x"} ${amount(item.unitCents)}` })]
        : []),
      text({ left: clip(name, right), right }),
      ...(item.sku && item.sku.length > 4 ? [text({ left: `  SKU ${item.sku}` })] : []),
    ];
  });

  const taxLabel = `${taxWord[receipt.locale]} ${receipt.taxRate}%`;
  const totals = [
    RULE,
    ...(us || receipt.items.length > 3
      ? [
          text({
            left: receipt.subtotalWord,
            right: amount(receipt.totalCents - (us ? receipt.taxCents : 0)),
          }),
        ]
      : []),
    ...(us ? [text({ left: taxLabel, right: amount(receipt.taxCents) })] : []),
    text({
      left: receipt.totalWord,
      right: us || receipt.locale === "uk" ? money(receipt.totalCents) : amount(receipt.totalCents),
      bold: true,
      big: true,
    }),
    BLANK,
  ];

  const { payment } = receipt;
  const paid =
    payment.method === "cash"
      ? [
          text({ left: words.cash, right: amount(payment.tenderedCents) }),
          text({ left: words.change, right: amount(payment.changeCents) }),
        ]
      : [
          text({ left: `${payment.card} **** ${payment.last4}`, right: amount(receipt.totalCents) }),
          text({ left: `AUTH ${String(receipt.index * 7919).padStart(6, "0")}  APPROVED` }),
        ];

  const vatSummary = locales[receipt.locale].taxIncluded
    ? [
        BLANK,
        text({
          left: `${taxLabel} ${receipt.locale === "de" ? "A" : ""}`.trim(),
          right: `${amount(receipt.totalCents - receipt.taxCents)}  ${amount(receipt.taxCents)}`,
        }),
      ]
    : [];

  const footer = [
    ...(receipt.savingsCents
      ? [BLANK, text({ center: `${words.saved} ${money(receipt.savingsCents)}`, bold: true })]
      : []),
    text({ left: words.items, right: String(receipt.items.reduce((sum, item) => sum + item.quantity, 0)) }),
    ...(receipt.points
      ? [
          text({ left: words.points[0], right: String(receipt.points.earned) }),
          text({
            left: words.points[1],
            right: formatAmount(locale, receipt.points.balance * 100).split(locale.separators.decimal)[0],
          }),
        ]
      : []),
    ...(receipt.returnBy
      ? [text({ center: `RETURN BY ${formatDate(locale.dateFormats[0], receipt.returnBy)}` })]
      : []),
    BLANK,
    ...(receipt.dateAtTop
      ? []
      : [text({ left: `${receipt.dateText} ${receipt.time}`, right: `#${receipt.index}` })]),
    text({ center: receipt.thanks }),
  ];

  return [...header, ...items, ...totals, ...paid, ...vatSummary, ...footer];
};

/** labels.csv's rows, straight from the plan (no rendering): file, the four fields, style. */
export const corpusLabels = () =>
  corpusLayout()
    .map(planReceipt)
    .map((receipt) => ({ file: receipt.file, ...receipt.label, style: receipt.style }));
