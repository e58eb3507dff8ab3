/*
 * The merchant's name, from the header of the receipt's first page. Headers also hold the
 * address, phone number, web address, tax id, date and greetings: those are skipped, and of what
 * is left the first line that looks like a name (upper case, or several words) is taken; after a
 * "WELCOME TO", the name that follows it. A photo's OCR cuts and garbles header lines as well as
 * names, so a name that looks cut off or garbled, or a header that does, is less sure.
 */
import type { ReceiptLine } from "./receipt-lines.ts";

export interface ReadMerchant {
  line: ReceiptLine;
  /** The name as printed, decoration trimmed. */
  name: string;
  /** 0-1: how sure we are that this line is the merchant's name (OCR aside). */
  certainty: number;
}

/** The header: a merchant's name is printed within the first lines. */
const HEADER_LINES = 8;
/** Below this OCR confidence a line is more likely a logo's noise than a name, unless nothing else is left. */
const MIN_OCR_CONFIDENCE = 0.3;

const STREET_WORDS =
  "STREET|ST|AVENUE|AVE|AV|ROAD|RD|BOULEVARD|BLVD|LANE|LN|DRIVE|DR|WAY|HIGHWAY|HWY|PLAZA|SQUARE|SQ|SUITE|STE|" +
  "PKWY|PARKWAY|COURT|CT|PLACE|PL|TERRACE|CRESCENT|CLOSE|ROW|HIGH STREET|STR|STRASSE|STRAßE|WEG|PLATZ|ALLEE|" +
  "GASSE|DAMM|RING|UFER|CHAUSSEE|RUE|BD|BOULEVARD|CHEMIN|QUAI|IMPASSE|ROUTE|VIA|VIALE|CORSO|PIAZZA|CALLE|PLAZA|" +
  "CARRER|RUA|STRAAT|LAAN|PLEIN";
// A house number, its 1s and 0s perhaps read as l, I or O ("l4 High Street").
const HOUSE_NUMBER = String.raw`[Il]?\d[\dIlO]*`;
const SKIPPED: readonly RegExp[] = [
  // A street: a house number with a street word ("123 MAIN ST", "Hauptstraße 12", "12, rue de Rivoli",
  // "Calle Mayor 21", "Av. de la Constitución 14").
  new RegExp(`(?:^|\\s)${HOUSE_NUMBER}[A-Za-z]?,?\\s.*\\b(?:${STREET_WORDS})\\b`, "iu"),
  new RegExp(`\\b(?:${STREET_WORDS})\\b\\.?\\s*\\d+`, "iu"),
  new RegExp(`^[^\\p{L}\\d]*(?:${STREET_WORDS})\\b\\.?\\s.*\\s${HOUSE_NUMBER}[A-Za-z]?$`, "iu"),
  // A street whose house number the photo cut off ("lain St"): a word and a street's abbreviation.
  /^[^\p{L}\d]*\p{L}+\s+(?:st|ave|rd|blvd|dr|ln|hwy|pkwy)\.?\s*$/iu,
  /\p{L}(?:straße|strasse|str\.|weg|platz|allee|gasse|damm|ring)\s*\d+/iu,
  // Postcodes: US (IL 62701), UK (SW1A 1AA), and a continental postcode before its town (75001 PARIS).
  /\b[A-Z]{2}\.?\s+(?=(?:[OIlS]*\d){3})[\dOIlS]{5}(?:-\d{4})?\b/,
  /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/,
  /(?:^|\s)(?:[A-Z]{1,2}-)?\d{4,5}\s+\p{L}/u,
  // Phone numbers, web and mail addresses.
  /\b(?:tel|phone|ph|fax|telefon|téléphone|tél)\b/iu,
  /\d[\d\s().\-/]{6,}\d/,
  /www\.|https?:|@|\.(?:com|net|org|de|fr|co\.uk|uk|eu|at|ch|nl|es|it)\b/i,
  // Tax and company ids.
  /\b(?:vat|ust|mwst|tva|gst|hst|abn|siret|siren|nif|cif|tax|steuer|st\.?-?nr|ust-?id\w*|p\.?\s?iva|rcs|hrb)\b/iu,
  // Greetings, their ends where OCR lost the start ("COME TO", "ANK YOU"), document names and till details.
  /\p{L}*C[O0]M[EF]\s+T[O0]\b|\p{L}*ANK\s+Y[O0]U\b/iu,
  /\b(?:receipt|reçu|recu|welcome|willkommen|bienvenue|benvenuti|bienvenido|thank|thanks|danke|merci|grazie|gracias|copy|duplicate|kassenbon|kassenbeleg|beleg|quittung|rechnung|invoice|facture|ticket|bon|order|table|tisch|server|cashier|kasse|kassierer|filiale|open|hours|transaction|sale|sales)\b/iu,
  /\b(?:store|shop|st)\s*(?:#|no\b|nr\b)/iu,
];

/*
 * "WELCOME TO" and its cousins, with the start OCR may cut off ("LCOME To") or an E it misreads
 * ("WELCOMF TO"): the merchant's name follows, on the same line or the next.
 */
const GREETING =
  /^[^\p{L}]*\p{L}*(?:C[O0]M[EF]\s+T[O0]|KOMMEN\s+(?:BEI|IM|IN)|VENUE\s+(?:CHEZ|À|A)|VENIDO\s+(?:A|AL)|VENUTI\s+(?:DA|A)|KOM\s+BIJ)\b[\s:,!.-]*/iu;

/** Characters OCR makes of specks, folds and cut-off letters, never printed in a shop's name. */
const OCR_NOISE = /[;|[\]{}©®¢«»\\~_^`“”‘’]/u;
/**
 * A word whose capitals turn to small letters inside it ("LIBERyy", "SAvep"), or with a digit
 * among its letters ("CHEMI5T"): misread letters. A capital after a small letter is a name's
 * (McDonald's, GmbH), not OCR's.
 */
const MISREAD_WORD = /\p{Lu}{2,}\p{Ll}|\p{L}\d\p{L}/u;
/** Below this OCR confidence a header line counts as poorly read. */
const POOR_OCR_CONFIDENCE = 0.5;

/** Certainty of a name after a greeting, or of a strong first candidate. */
const NAME_CERTAINTY = 0.9;
/** A name whose first word is lower case before a capitalised one ("rie Saint-Michel"): cut off or misread. */
const CUT_OFF_NAME_FACTOR = 0.85;
/** A name with OCR's noise in it ("LIBERyy PHARMA Cy"). */
const NOISY_NAME_FACTOR = 0.85;
/** How much a header read poorly throughout takes off: its name line was read by the same OCR. */
const POOR_HEADER_WEIGHT = 0.3;

const letterCount = (text: string): number => text.replace(/[^\p{L}]/gu, "").length;

const isNoisy = (text: string): boolean => OCR_NOISE.test(text) || MISREAD_WORD.test(text);

/**
 * Whether the name looks cut by the photo's edge: a first word in lower case before a capitalised
 * one ("rie Saint-Michel" lost its start), or a last word of one letter after a word ("Versmarkt Z").
 */
const looksCutOff = (name: string): boolean => {
  const words = name.split(/\s+/);
  const [first, ...rest] = words;
  const lostStart =
    first !== undefined && /^\p{Ll}+$/u.test(first) && rest.some((word) => /^\p{Lu}/u.test(word));
  const lostEnd =
    words.length >= 2 && /^\p{L}$/u.test(words.at(-1) ?? "") && /\p{L}{3}/u.test(words.at(-2) ?? "");
  return lostStart || lostEnd;
};

/** Whether a header line is no name: an address, a number, boilerplate. */
const isBoilerplate = (line: ReceiptLine): boolean => {
  const visible = line.text.replace(/\s/g, "");
  const letters = letterCount(line.text);
  return (
    letters < 2 ||
    // Mostly digits or symbols: a till number, a barcode, a row of stars.
    letters / visible.length < 0.5 ||
    line.amounts.length > 0 ||
    line.dates.length > 0 ||
    /\b\d{1,2}:\d{2}\b/.test(line.text) ||
    line.label?.kind === "reference" ||
    SKIPPED.some((pattern) => pattern.test(line.text))
  );
};

/**
 * A name-like line: upper case ("WALMART", "CAFÉ DE FLORE"), several words with some length, or
 * a few letters of a script without case ("ローソン").
 */
const isStrong = (name: string): boolean => {
  const letters = name.replace(/[^\p{L}]/gu, "");
  const cased = letters.replace(/[^\p{Lu}\p{Ll}]/gu, "").length;
  const upper = letters.replace(/[^\p{Lu}]/gu, "").length;
  if (cased === 0) return letters.length >= 2;
  return (
    (letters.length >= 3 && upper / cased >= 0.7) || (letters.length >= 8 && name.split(" ").length >= 2)
  );
};

/** The line's text without the stars, dashes and quotes receipts frame names with. */
const nameOf = (text: string): string =>
  text
    .replace(/^[^\p{L}\p{N}]+/u, "")
    .replace(/[^\p{L}\p{N}.)'!&]+$/u, "")
    .trim();

/** The name printed on a greeting's own line ("WELCOME TO WALMART"), if any. */
const nameAfterGreeting = (line: ReceiptLine): string | undefined => {
  const rest = line.text.replace(GREETING, "");
  return letterCount(rest) >= 3 && !SKIPPED.some((pattern) => pattern.test(rest)) ? nameOf(rest) : undefined;
};

/**
 * The merchant from the first page's header lines, or `undefined` when every header line is an
 * address, a number or boilerplate.
 *
 * @example
 * readMerchant(lines); // { name: "WALMART", certainty: 0.9, line }
 */
export const readMerchant = (firstPageLines: readonly ReceiptLine[]): ReadMerchant | undefined => {
  const header = firstPageLines.slice(0, HEADER_LINES);
  const greeting = header.findIndex((line) => GREETING.test(line.text));
  const possible = header
    .flatMap((line, index) => {
      if (index === greeting) {
        const name = nameAfterGreeting(line);
        return name === undefined ? [] : [{ line, index, name }];
      }
      return isBoilerplate(line) ? [] : [{ line, index, name: nameOf(line.text) }];
    })
    .filter(({ name }) => letterCount(name) >= 2);
  // Big bold print can read at a low confidence: only when nothing else is left is it taken.
  const confident = possible.filter(({ line }) => line.confidence >= MIN_OCR_CONFIDENCE);
  const candidates = confident.length > 0 ? confident : possible;
  const afterGreeting =
    greeting === -1 ? -1 : candidates.findIndex(({ index }) => index === greeting || index === greeting + 1);
  const strongIndex = candidates.findIndex(({ name }) => isStrong(name));
  const chosenIndex = afterGreeting !== -1 ? afterGreeting : strongIndex === -1 ? 0 : strongIndex;
  const chosen = candidates[chosenIndex];
  if (chosen === undefined) return undefined;
  // A greeting, or a strong first line, says this is the name almost always; a later or weaker line less so.
  const placed =
    afterGreeting !== -1
      ? NAME_CERTAINTY
      : (strongIndex === -1 ? 0.6 : NAME_CERTAINTY) * (chosenIndex === 0 ? 1 : 0.9);
  const poorHeaderLines = header.filter(
    (line) => line.confidence < POOR_OCR_CONFIDENCE || isNoisy(line.text),
  ).length;
  const certainty =
    placed *
    (looksCutOff(chosen.name) ? CUT_OFF_NAME_FACTOR : 1) *
    (isNoisy(chosen.name) ? NOISY_NAME_FACTOR : 1) *
    (1 - (POOR_HEADER_WEIGHT * poorHeaderLines) / HEADER_LINES);
  return { line: chosen.line, name: chosen.name, certainty };
};
