/*
 * What a line of a receipt is, from the words printed beside its amount: the total, the
 * subtotal, a tax, a payment, the change, savings, loyalty points, an item count, or nothing we
 * know (an item). Matched leniently, as OCR prints them: T0TAL, TOTA1, 5UMME, SUB-TOTAL, CASII;
 * and, where nothing matched, fuzzily at the start of the line: CHANGF, TENDERE, Subtot al.
 */
import { editDistance } from "./edit-distance.ts";

export type LabelKind =
  /** The amount the customer owes: TOTAL, AMOUNT DUE, SUMME, TOTAL TTC. */
  | "total"
  | "subtotal"
  | "tax"
  /** Paid by card or another electronic means: usually equals the total, never its source. */
  | "card"
  /** Cash handed over: often more than the total. */
  | "cash"
  | "change"
  /** A tip added after the bill's total: the amount charged is the total plus the tip. */
  | "tip"
  /** A summary of savings ("YOU SAVED"), not money paid. */
  | "savings"
  /** A discount on an item: a line item with a negative amount. */
  | "discount"
  | "points"
  | "count"
  /** Numbers that are never amounts: phone, SKU, terminal, authorisation, store number. */
  | "reference";

export interface LineLabel {
  kind: LabelKind;
  /** The keyword that matched, as we spell it. */
  keyword: string;
  /** 0-1: how surely this keyword names this kind ("TOTAL" more than "BALANCE"). */
  strength: number;
  /** Matched only once OCR look-alikes were allowed for ("T0TAL"), or fuzzily. */
  lenient: boolean;
  /** Matched only within an edit or two of the keyword ("CHANGF"): the least sure match. */
  fuzzy: boolean;
}

/*
 * Keywords per kind; a leading ^ anchors one to the start of the line ("BAR" is cash there, a
 * chocolate bar anywhere else). When several match, the longest wins: "SUBTOTAL" over "TOTAL",
 * "TOTAL SAVINGS" over "TOTAL", "AMOUNT DUE" over "AMOUNT".
 */
const KEYWORDS: ReadonlyArray<readonly [kind: LabelKind, strength: number, keywords: string]> = [
  [
    "total",
    0.95,
    "TOTAL|GRAND TOTAL|TOTAL DUE|TOTAL AMOUNT|AMOUNT DUE|BALANCE DUE|TOTAL TO PAY|TO PAY|AMOUNT TO PAY|" +
      "TOTAL TTC|MONTANT TTC|NET A PAYER|A PAYER|TOTAL A PAYER|TOTAL INCL|TOTAL INC|TOTAL INCLUDING|TOTAL INKL|SUMME INKL|" +
      "SUMME|GESAMT|GESAMTBETRAG|GESAMTSUMME|ZU ZAHLEN|ENDBETRAG|SUMME EUR|BRUTTO|TOTALE|TOTAAL|TE BETALEN|" +
      "IMPORTE TOTAL|TOTAL EUR|TOTAL USD|TOTAL GBP|TOTAL SALE|SALE TOTAL|INVOICE TOTAL|ORDER TOTAL|合計|総合計|お会計|合计|总计",
  ],
  ["total", 0.8, "BALANCE|PAYABLE|AMOUNT PAYABLE"],
  [
    "subtotal",
    0.92,
    "SUBTOTAL|SUB TOTAL|S TOTAL|SOUS TOTAL|ZWISCHENSUMME|TOTAL HT|MONTANT HT|^HT|^NETTO|NETTOBETRAG|NET TOTAL|TOTAL NET|^NET AMOUNT|" +
      "TOTAL EXCL|TOTAL EX|EXCL VAT|EXCL TAX|TOTAL BEFORE TAX|PRE TAX|MERCHANDISE TOTAL|SUBTOTALE|IMPONIBILE|小計|小计",
  ],
  [
    "tax",
    0.9,
    "TAX|TAXES|SALES TAX|TOTAL TAX|TAX TOTAL|STATE TAX|CITY TAX|LOCAL TAX|VAT|TOTAL VAT|VAT TOTAL|VAT AMOUNT|" +
      "MWST|MWST BETRAG|SUMME MWST|MWST SUMME|ENTH MWST|INKL MWST|UST|UMSATZSTEUER|STEUER|TVA|TOTAL TVA|MONTANT TVA|" +
      "IVA|GST|HST|PST|QST|BTW|消費税|内消費税|税額|税额",
  ],
  [
    "card",
    0.9,
    "VISA|MASTERCARD|MASTER CARD|^MC|AMEX|AMERICAN EXPRESS|DISCOVER|MAESTRO|V PAY|VPAY|GIROCARD|^EC|EC KARTE|" +
      "EC CASH|KARTE|KARTENZAHLUNG|^CB|CARTE|CARTE BANCAIRE|CARTE BLEUE|CONTACTLESS|KONTAKTLOS|APPLE PAY|GOOGLE PAY|" +
      "^CARD|CARD PAYMENT|CARD SALE|CREDIT CARD|DEBIT CARD|^CREDIT|^DEBIT|PAID BY CARD|^PAID|AMOUNT PAID|TOTAL PAID|" +
      "PAYMENT|^AMOUNT|^BETRAG|^MONTANT|BEZAHLT|TARJETA|BANCOMAT",
  ],
  [
    "cash",
    0.9,
    "CASH|CASH TEND|CASH TENDERED|TENDERED|^TENDER|AMOUNT TENDERED|^BAR|BARGELD|^GEGEBEN|ESPECES|EFECTIVO|CONTANTI|CONTANT|お預り|お預かり|現金",
  ],
  ["tip", 0.9, "TIP|TIPS|GRATUITY|TRINKGELD|POURBOIRE|PROPINA|MANCIA"],
  [
    "change",
    0.95,
    "^CHANGE|CHANGE DUE|YOUR CHANGE|RUCKGELD|RUECKGELD|^ZURUCK|WISSELGELD|RENDU|RENDU MONNAIE|^MONNAIE|CAMBIO|RESTO|お釣り|お釣|釣銭|找零",
  ],
  [
    "savings",
    0.9,
    "YOU SAVED|YOU SAVE|SAVED|SAVINGS|TOTAL SAVINGS|TOTAL SAVED|YOUR SAVINGS|TOTAL DISCOUNT|TOTAL DISCOUNTS|" +
      "ERSPARNIS|GESPART|SIE SPAREN|IHRE ERSPARNIS|ECONOMIES|VOUS AVEZ ECONOMISE",
  ],
  [
    "discount",
    0.85,
    "DISCOUNT|COUPON|RABATT|REMISE|PROMO|MARKDOWN|PREISVORTEIL|NACHLASS|REDUCTION|SCONTO|DESCUENTO",
  ],
  [
    "points",
    0.9,
    "POINTS|PTS|LOYALTY|REWARDS|^BONUS|BONUSPUNKTE|PUNKTE|PAYBACK|CLUBCARD|NECTAR|REMAINING BALANCE|" +
      "CARD BALANCE|GIFT CARD BALANCE|BALANCE REMAINING|AVAILABLE BALANCE",
  ],
  [
    "count",
    0.9,
    "^ITEMS|^ITEM|ITEMS SOLD|ITEM COUNT|TOTAL ITEMS|NUMBER OF ITEMS|NO OF ITEMS|# ITEMS|ANZAHL|^ARTIKEL|" +
      "ANZAHL ARTIKEL|POSITIONEN|NB ARTICLES|ARTICLES|TOTAL NUMBER OF ITEMS SOLD",
  ],
  [
    "reference",
    0.9,
    "TEL|PHONE|FAX|SKU|ART NR|ARTIKELNR|AUTH|AUTH CODE|APPROVAL|APPR CODE|TERMINAL|TERM ID|^TID|^MID|^AID|" +
      "^TRANS|TRANSACTION|TRX|INVOICE NO|RECEIPT NO|ORDER NO|STORE #|STORE NO|STORE NR|^ST #|CASHIER|KASSE|BON NR|" +
      "BELEG NR|BELEGNR|^TC #|REF|^SEQ|^LANE|^REG|^OP #|^TE #|^TR #|SIRET|STNR|ST NR|UST ID|VAT NO|VAT REG|ABN|EIN",
  ],
];

/*
 * OCR look-alikes folded onto one letter each, for keywords and for text alike: 0/O, 1/I/L/|,
 * 5/S, 8/B. Accents are dropped (RÜCKGELD, ESPÈCES, NET À PAYER) and everything is upper case.
 */
const foldLookAlikes = (text: string): string =>
  text
    .replace(/[0Q]/g, "O")
    .replace(/[1L|!]/g, "I")
    .replace(/5/g, "S")
    .replace(/8/g, "B");
/*
 * OCR also splits an H into its two strokes (CASII). Folded the same way only for keywords of
 * four letters or more: HST would match LIST, and HT LIT.
 */
const SPLIT_H_MIN_LETTERS = 4;
const foldSplitH = (text: string): string => foldLookAlikes(text).replace(/H/g, "II");
const plainUpper = (text: string): string =>
  text.normalize("NFD").replace(/\p{M}/gu, "").replace(/ß/g, "SS").toUpperCase();

const keywordPattern = (keyword: string, fold: (text: string) => string): RegExp => {
  const anchored = keyword.startsWith("^");
  const words = fold(keyword.replace(/^\^/, ""))
    .split(" ")
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  // Words may be glued ("SUBTOTAL"), hyphenated, dotted or slashed ("S/TOTAL", "MWST.").
  const body = words.join("[^A-Z0-9]*");
  return new RegExp(`${anchored ? "^[^A-Z0-9]*" : "(?<![A-Z0-9])"}${body}(?![A-Z0-9])`);
};

interface CompiledKeyword {
  kind: LabelKind;
  keyword: string;
  strength: number;
  exact: RegExp;
  lenient: RegExp;
  /** For a long keyword with an H: its lenient pattern with the H split (CASII). */
  splitH: RegExp | undefined;
}

const COMPILED: readonly CompiledKeyword[] = KEYWORDS.flatMap(([kind, strength, keywords]) =>
  keywords.split("|").map((keyword) => ({
    kind,
    keyword: keyword.replace(/^\^/, ""),
    strength,
    exact: keywordPattern(keyword, (text) => text),
    lenient: keywordPattern(keyword, foldLookAlikes),
    splitH:
      keyword.includes("H") && keyword.replace(/[^A-Z]/g, "").length >= SPLIT_H_MIN_LETTERS
        ? keywordPattern(keyword, foldSplitH)
        : undefined,
  })),
);

/**
 * What the words of a line (its amounts removed) say it is, or `undefined` for an unlabelled
 * line (an item, a header). The longest matching keyword wins; a lenient match counts as shorter.
 * Without any match, a keyword within an edit or two of the line's first words (fuzzyLabelOf);
 * and a keyword one edit from a longer one that ends in it is that longer one, its start cut off
 * by the photo ("UB TOTAL" is SUB TOTAL, not TOTAL).
 *
 * @example
 * labelOf("T0TAL .....")?.kind;  // "total" (lenient)
 * labelOf("SUB-TOTAL")?.kind;    // "subtotal"
 * labelOf("CHANGE DUE")?.kind;   // "change"
 * labelOf("CHANGF")?.kind;       // "change" (fuzzy)
 */
export const labelOf = (words: string): LineLabel | undefined => {
  const upper = plainUpper(words);
  const folded = foldLookAlikes(upper);
  const splitH = foldSplitH(upper);
  let best: (LineLabel & { length: number }) | undefined;
  for (const keyword of COMPILED) {
    const exact = keyword.exact.test(upper);
    if (!exact && !keyword.lenient.test(folded) && !keyword.splitH?.test(splitH)) continue;
    const length = keyword.keyword.length - (exact ? 0 : 0.5);
    if (best === undefined || length > best.length) {
      best = {
        kind: keyword.kind,
        keyword: keyword.keyword,
        strength: keyword.strength,
        lenient: !exact,
        fuzzy: false,
        length,
      };
    }
  }
  if (best === undefined) return fuzzyLabelOf(folded);
  const { length: _length, ...label } = best;
  const longer = fuzzyLabelOf(folded, 1);
  const lettersOf = (keyword: string) => foldLookAlikes(plainUpper(keyword)).replace(/[^A-Z]/g, "");
  return longer !== undefined &&
    longer.kind !== label.kind &&
    lettersOf(longer.keyword).endsWith(lettersOf(label.keyword))
    ? longer
    : label;
};

/*
 * Fuzzy matching finds the labels OCR garbled past its look-alikes, at a price: every keyword
 * within an edit of an item's name takes the item away. So it is kept to where labels are
 * printed and to what a wrong match costs little.
 */
/** Shorter keywords are never matched fuzzily: TAX, VAT, BAR and CASH are an edit from too many words. */
const FUZZY_MIN_LETTERS = 5;
/** From this length, two edits: "SUSTORAL" is SUBTOTAL, "HANGEDUE" is CHANGE DUE. */
const FUZZY_TWO_EDITS_LETTERS = 8;
/*
 * Kinds a fuzzy match may give: the ones a wrong match only takes an item from, never turns into
 * the total ("SUMMER" is two edits from SUMME EUR).
 */
const FUZZY_KINDS: ReadonlySet<LabelKind> = new Set([
  "subtotal",
  "cash",
  "change",
  "savings",
  "points",
  "count",
]);
/** Real words an edit from a keyword: OCR reading them right is likelier than it misreading one. */
const NOT_MISREAD = new Set(["CHARGE", "CHANCE", "PINTS", "SAVER"].map(foldLookAlikes));
/** Labels start their line; OCR may put a speck or a cut-off word (1-3 letters) before one. */
const MAX_LEADING_NOISE_LETTERS = 3;

interface FuzzyKeyword {
  kind: LabelKind;
  keyword: string;
  strength: number;
  /** The keyword's letters, folded, without spaces: "CASH TENDERED" is CASIITENDERED. */
  letters: string;
  maxEdits: number;
}

const FUZZY_KEYWORDS: readonly FuzzyKeyword[] = KEYWORDS.flatMap(([kind, strength, keywords]) =>
  keywords.split("|").flatMap((keyword) => {
    const letters = foldLookAlikes(plainUpper(keyword.replace(/^\^/, ""))).replace(/[^A-Z]/g, "");
    const length = plainUpper(keyword).replace(/[^A-Z]/g, "").length;
    if (length < FUZZY_MIN_LETTERS || !FUZZY_KINDS.has(kind)) return [];
    const maxEdits = length >= FUZZY_TWO_EDITS_LETTERS ? 2 : 1;
    return [{ kind, keyword: keyword.replace(/^\^/, ""), strength, letters, maxEdits }];
  }),
);

/**
 * The keyword the first words of a line (folded) are a misreading of, or `undefined`. Words are
 * compared joined, as OCR splits and glues them ("RUC KGELD", "Subtot al"), and may be a letter
 * longer or shorter than the keyword, no more. A short keyword must keep its first letter (RESTO
 * is no PESTO), and a word that is the keyword and more is another word (CHANGES, SAVINGSS).
 */
const fuzzyLabelOf = (folded: string, maxEdits = 2): LineLabel | undefined => {
  const words = folded.split(/[^A-Z]+/).filter((word) => word.length > 0);
  const starts = (words[0]?.length ?? 0) <= MAX_LEADING_NOISE_LETTERS ? [0, 1] : [0];
  let best: (LineLabel & { edits: number; length: number }) | undefined;
  for (const start of starts) {
    for (let count = 1; count <= 3 && start + count <= words.length; count++) {
      const printed = words.slice(start, start + count).join("");
      if (NOT_MISREAD.has(printed)) continue;
      for (const keyword of FUZZY_KEYWORDS) {
        if (Math.abs(printed.length - keyword.letters.length) > 1) continue;
        if (printed.length > keyword.letters.length && printed.startsWith(keyword.letters)) continue;
        if (keyword.maxEdits === 1 && printed[0] !== keyword.letters[0]) continue;
        const allowed = Math.min(keyword.maxEdits, maxEdits);
        const edits = editDistance(printed, keyword.letters, allowed);
        if (edits > allowed) continue;
        const better =
          best === undefined ||
          edits < best.edits ||
          (edits === best.edits && keyword.letters.length > best.length);
        if (better) {
          best = {
            kind: keyword.kind,
            keyword: keyword.keyword,
            strength: keyword.strength,
            lenient: true,
            fuzzy: true,
            edits,
            length: keyword.letters.length,
          };
        }
      }
    }
  }
  if (best === undefined) return undefined;
  const { edits: _edits, length: _length, ...label } = best;
  return label;
};

/** Kinds that belong to the block after the items (totals, taxes, payment). */
export const SUMMARY_KINDS: ReadonlySet<LabelKind> = new Set([
  "total",
  "subtotal",
  "tax",
  "card",
  "cash",
  "change",
  "tip",
]);
