/**
 * The merchant's name as people write it: single spaces, no trailing store or till number, and
 * words in SHOUTING CAPITALS (as till printers print them) given ordinary capitals. Mixed case
 * is kept as it is, because "McDonald's" or "IKEA" know their own spelling best.
 *
 * @example
 * displayMerchantName("  WHOLE FOODS MARKET  #10234 "); // "Whole Foods Market"
 */
export const displayMerchantName = (merchant: string): string => {
  const spaced = merchant.replace(/\s+/g, " ").trim();
  const withoutStoreNumber = spaced.replace(/\s*(?:#|no\.?\s*|store\s+)\d+$/i, "").trim() || spaced;
  // Judged on the whole name: "IKEA Store 221" is mixed case, so "IKEA" keeps its capitals.
  const hasLower = /\p{Ll}/u.test(spaced);
  if (hasLower) return withoutStoreNumber;
  return withoutStoreNumber
    .toLowerCase()
    .replace(/(^|[\s\-/&(])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
};
