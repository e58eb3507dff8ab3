/**
 * A small seeded generator (mulberry32): the same seed gives the same receipts on every machine
 * and every run, so two peak runs push the same workload and can be compared.
 *
 * @example
 * const random = seededRandom("peak-2000");
 * random.int(3, 6); // the same number every time for this seed
 */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Fisher-Yates, in place; returns the array. */
  shuffle<T>(items: T[]): T[];
}

/** FNV-1a: a string seed as 32 bits. */
const hashSeed = (seed: string | number): number => {
  let hash = 0x811c9dc5;
  for (const char of String(seed)) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

export const seededRandom = (seed: string | number): Random => {
  let state = hashSeed(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error("cannot pick from an empty list");
      return items[int(0, items.length - 1)] as T;
    },
    shuffle: <T>(items: T[]): T[] => {
      for (let index = items.length - 1; index > 0; index--) {
        const other = int(0, index);
        [items[index], items[other]] = [items[other] as T, items[index] as T];
      }
      return items;
    },
  };
};
