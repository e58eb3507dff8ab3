/**
 * The merchant's name as a key: accents dropped, lower case, `&` read as "and", anything else
 * that is not a letter or digit a single dash. "Café Müller & Söhne" and "CAFE MULLER AND SOHNE"
 * are the same merchant, so the duplicate check and the user's category rules find them both.
 *
 * @example
 * merchantKeyOf("  Café Müller & Söhne "); // "cafe-muller-and-sohne"
 */
export const merchantKeyOf = (merchant: string): string =>
  merchant
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);
