/*
 * Words in a merchant key that say what was bought. The user's own rules (read by the state
 * machine from the profiles table) win over these; these win over the user's default category.
 */
const CATEGORY_WORDS: Readonly<Record<string, readonly string[]>> = {
  groceries: [
    "supermarket",
    "grocery",
    "groceries",
    "market",
    "aldi",
    "lidl",
    "tesco",
    "carrefour",
    "rewe",
    "safeway",
    "kroger",
  ],
  restaurants: [
    "restaurant",
    "cafe",
    "coffee",
    "bistro",
    "pizza",
    "pizzeria",
    "burger",
    "starbucks",
    "mcdonald",
    "bakery",
    "bar",
  ],
  fuel: ["fuel", "petrol", "shell", "esso", "chevron", "exxon", "texaco", "aral", "bp"],
  transport: ["uber", "lyft", "taxi", "cab", "railway", "rail", "metro", "parking", "airline", "airlines"],
  lodging: ["hotel", "motel", "inn", "hostel", "airbnb"],
  pharmacy: ["pharmacy", "apotheke", "chemist", "cvs", "walgreens", "boots"],
  "office-supplies": ["staples", "stationery", "office"],
};

const CATEGORY_BY_WORD = new Map(
  Object.entries(CATEGORY_WORDS).flatMap(([category, words]) =>
    words.map((word) => [word, category] as const),
  ),
);

/**
 * A category guessed from the merchant key's words (`whole-foods-market` -> groceries), or null
 * when no word says anything. The first word that says something decides.
 *
 * @example
 * categoryOf("shell-station-a4"); // "fuel"
 */
export const categoryOf = (merchantKey: string): string | null => {
  for (const word of merchantKey.split("-")) {
    // "mcdonald-s" is how the key spells McDonald's: the word, not the apostrophe, decides.
    const category = CATEGORY_BY_WORD.get(word);
    if (category) return category;
  }
  return null;
};
