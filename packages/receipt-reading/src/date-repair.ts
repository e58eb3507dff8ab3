/*
 * Dates whose digits OCR misread into an impossible date. Faded or blurred thermal print turns a
 * 0 into an 8 or a 9 more than any other digit ("86/04/2023", "91/17/2025", "25.02.2925"): the
 * 0's gap closes, or its lower half fades. Only a date that cannot exist as read is repaired, so
 * a real date is never changed into another.
 */

/** Where a number of the date is in the date's text: its day, month or year. */
export interface DigitSpan {
  start: number;
  end: number;
}

/** Digits OCR reads for a faded 0. */
const MISREAD_ZERO = /[89]/g;
/** Each misread digit doubles the candidates; a date has at most eight digits. */
const MAX_MISREAD_DIGITS = 8;

/** Lexicographic order of two lists of positions. */
const compare = (a: readonly number[], b: readonly number[]): number => {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
};

/** Every non-empty subset of `count` positions: smallest first, then leftmost first. */
const subsetsBySize = (count: number): number[][] => {
  const subsets: number[][] = [];
  for (let mask = 1; mask < 1 << count; mask++) {
    subsets.push(Array.from({ length: count }, (_, bit) => bit).filter((bit) => (mask >> bit) & 1));
  }
  return subsets.sort((a, b) => a.length - b.length || compare(a, b));
};

/**
 * The date's text with the fewest of its 8s and 9s read as 0s that makes `isReal` true, or
 * `undefined` when no such reading exists. Among equally few changes, the leftmost win: a
 * leading 0 is the digit OCR loses most.
 *
 * @example
 * repairMisreadZeros("86/04/2023", [{ start: 0, end: 2 }, { start: 3, end: 5 }, { start: 6, end: 10 }], isReal);
 * // "06/04/2023"
 */
export const repairMisreadZeros = (
  text: string,
  spans: readonly DigitSpan[],
  isReal: (candidate: string) => boolean,
): string | undefined => {
  const positions = spans.flatMap(({ start, end }) =>
    [...text.slice(start, end).matchAll(MISREAD_ZERO)].map((match) => start + match.index),
  );
  if (positions.length === 0 || positions.length > MAX_MISREAD_DIGITS) return undefined;
  for (const subset of subsetsBySize(positions.length)) {
    const characters = [...text];
    for (const bit of subset) {
      const position = positions[bit];
      if (position !== undefined) characters[position] = "0";
    }
    const candidate = characters.join("");
    if (isReal(candidate)) return candidate;
  }
  return undefined;
};
