/*
 * Confidence arithmetic. Inside this package a certainty is 0-1; Textract's fields carry
 * percentages (0-100), so the two conversions sit here with the clamping both need.
 */

/** A certainty in 0-1; anything not a finite number is no certainty at all (0). */
export const clampCertainty = (value: number): number =>
  Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;

/** A Textract percentage as a certainty; a missing one, or one outside 0-100, is no certainty known. */
export const certaintyOfPercent = (percent: number | undefined): number | undefined =>
  typeof percent === "number" && percent >= 0 && percent <= 100 ? percent / 100 : undefined;

/** A certainty as the percentage Textract would answer, with two decimals (deterministic, readable). */
export const percentOf = (certainty: number): number => Math.round(clampCertainty(certainty) * 10_000) / 100;

/** Four decimals are plenty for a 0-1 confidence and keep readings stable across float noise. */
export const roundCertainty = (certainty: number): number =>
  Math.round(clampCertainty(certainty) * 10_000) / 10_000;

/**
 * Raises a certainty when independent evidence agrees with it: `weight` of the remaining doubt
 * is removed, so agreement never reaches 1 and the order evidence arrives in does not matter much.
 *
 * @example
 * corroborated(0.9, 0.5); // 0.95
 */
export const corroborated = (certainty: number, weight: number): number =>
  clampCertainty(certainty + (1 - certainty) * clampCertainty(weight));
