/*
 * How many single-character edits OCR would have to make to turn one word into another: a
 * dropped letter ("TENDERE"), a letter read as another ("CHANGF"), one too many ("SUBTOTTAL").
 */

/**
 * The Levenshtein distance between two strings (insert, delete or substitute one character),
 * or `limit + 1` as soon as it is known to be above `limit`: callers only ask "within 2?".
 *
 * @example
 * editDistance("CHANGF", "CHANGE", 2); // 1
 * editDistance("PESTO", "CHANGE", 2);  // 3 (more than 2)
 */
export const editDistance = (from: string, to: string, limit: number): number => {
  const a = [...from];
  const b = [...to];
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    // Every later row is at least this row's minimum: past the limit, stop.
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return Math.min(previous[b.length] ?? limit + 1, limit + 1);
};
