/** How much a JSON text may hold. */
export interface JsonLimits {
  /** UTF-8 bytes of the whole text. */
  maxBytes: number;
  /** Nesting of objects and arrays; the outermost value is depth 1. */
  maxDepth: number;
  /** Values at every depth together, the outermost included. */
  maxValues: number;
  /** UTF-16 code units in one string or object key. */
  maxStringLength: number;
}

export type StorableJson = { ok: true; value: unknown } | { ok: false; reason: string };

/** DynamoDB's smallest non-zero magnitude; a number nearer to zero is refused. */
const DYNAMODB_MIN_MAGNITUDE = 1e-130;
/** A UTF-16 surrogate without its other half: UTF-8, so DynamoDB, cannot hold it. */
const LONE_SURROGATE = /\p{Cs}/u;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * Whether objects and arrays nest deeper than `maxDepth`, read from the text alone: V8 revives
 * a parsed value recursively, so a deep enough text would overflow the stack before any check
 * on the parsed value could run.
 */
const nestsDeeperThan = (text: string, maxDepth: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (OPENERS.has(code)) {
      depth++;
      if (depth > maxDepth) return true;
    } else if (CLOSERS.has(code)) {
      depth--;
    }
  }
  return false;
};

/** A caller's text, short enough to quote in a reason. */
const quoted = (text: string): string => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * Why a parsed number cannot be stored as sent, judged with its source text: JSON.parse turns
 * `1e400` into Infinity, `9007199254740993` into ...992 and `1e-400` into 0 without a word, and
 * the DynamoDB marshaller throws on the first two.
 */
const numberProblem = (value: number, source: string): string | undefined => {
  if (!Number.isFinite(value)) return `the number ${source} is out of range`;
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return `the number ${source} is beyond ±(2^53 - 1), the integers a double holds exactly`;
  }
  const mantissa = source.split(/[eE]/)[0] ?? "";
  if (value === 0 && /[1-9]/.test(mantissa))
    return `the number ${source} is too small: it would be stored as 0`;
  if (value !== 0 && Math.abs(value) < DYNAMODB_MIN_MAGNITUDE) {
    return `the number ${source} is nearer to zero than DynamoDB's smallest, 1e-130`;
  }
  return undefined;
};

const stringProblem = (text: string, what: string, limits: JsonLimits): string | undefined => {
  if (text.length > limits.maxStringLength) {
    return `${what} of ${text.length} characters is longer than ${limits.maxStringLength}`;
  }
  if (LONE_SURROGATE.test(text))
    return `${what} holds an unpaired UTF-16 surrogate, which UTF-8 cannot encode`;
  return undefined;
};

const keyProblem = (key: string, limits: JsonLimits): string | undefined => {
  if (key === "") return "an object key is empty: DynamoDB attribute names are at least one character";
  // zod and object spreads assign members, and assigning __proto__ replaces the prototype.
  if (key === "__proto__") return 'the object key "__proto__" cannot be kept as data';
  return stringProblem(key, `the key ${quoted(key)}`, limits);
};

/**
 * Parses JSON text from a caller into a value DynamoDB stores exactly as sent, or says why it
 * cannot: beyond `limits`, not JSON, a number JavaScript or DynamoDB cannot hold exactly, an
 * unpaired surrogate, an empty key. Never throws, whatever the text.
 *
 * @example
 * const parsed = parseStorableJson('{"n":1e400}', limits);
 * // { ok: false, reason: "the number 1e400 is out of range" }
 */
export const parseStorableJson = (text: string, limits: JsonLimits): StorableJson => {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > limits.maxBytes) return { ok: false, reason: `${bytes} bytes, more than ${limits.maxBytes}` };
  if (nestsDeeperThan(text, limits.maxDepth)) {
    return { ok: false, reason: `objects and arrays nested deeper than ${limits.maxDepth} levels` };
  }

  let values = 0;
  let problem: string | undefined;
  // JSON.parse cannot be stopped from a reviver without throwing: the first problem is kept and
  // the rest of the (size-bounded) text is walked through unchecked.
  const check = (_key: string, value: unknown, context?: { source?: string }): unknown => {
    if (problem !== undefined) return value;
    values++;
    if (values > limits.maxValues) problem = `more than ${limits.maxValues} values`;
    else if (typeof value === "number") problem = numberProblem(value, context?.source ?? String(value));
    else if (typeof value === "string") problem = stringProblem(value, "a string", limits);
    else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const key of Object.keys(value)) {
        problem = keyProblem(key, limits);
        if (problem !== undefined) break;
      }
    }
    return value;
  };

  let value: unknown;
  try {
    value = JSON.parse(text, check);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  return problem === undefined ? { ok: true, value } : { ok: false, reason: problem };
};
