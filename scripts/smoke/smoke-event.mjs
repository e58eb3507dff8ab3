import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";

/*
 * functions/<name>/tests/events/smoke.json, the one event a smoke test and the benchmark send:
 *
 *   {
 *     "description": "optional: what this proves",
 *     "env":    { "PHOTOS_TABLE": "photos" },   // optional: the function's required variables
 *     "event":  { ... },                         // required: a real event the handler answers
 *                                               //   WITHOUT calling AWS (nothing listens there)
 *     "expect": { ... },                         // optional: a deep partial match of the answer
 *     "expectError": "ReceiptUnreadable"         // optional, instead of expect: the handler must
 *                                               //   throw an error of this name (a Step Functions
 *                                               //   task's answer can be its error name)
 *   }
 */
export const smokeEventPath = (functionDir) => path.join(functionDir, "tests", "events", "smoke.json");

/** Used when a function has no smoke.json: the test then proves only that the zip loads. */
export const trivialSmokeEvent = { event: {}, env: {}, expect: undefined, loadOnly: true };

/**
 * Reads and checks a function's smoke.json; `trivialSmokeEvent` when there is none.
 *
 * @example
 * const { event, env, expect } = readSmokeEvent("functions/thumbnail");
 */
export const readSmokeEvent = (functionDir) => {
  const file = smokeEventPath(functionDir);
  if (!existsSync(file)) return trivialSmokeEvent;
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${error.message}`);
  }
  const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
  const problems = [];
  if (!isObject(parsed)) problems.push("it must be an object");
  else {
    if (!("event" in parsed)) problems.push('"event" is required');
    if (
      "env" in parsed &&
      !(isObject(parsed.env) && Object.values(parsed.env).every((v) => typeof v === "string"))
    ) {
      problems.push('"env" must map names to strings');
    }
    const unknown = Object.keys(parsed).filter(
      (key) => !["description", "env", "event", "expect", "expectError"].includes(key),
    );
    if (unknown.length) problems.push(`unknown keys: ${unknown.join(", ")}`);
    if ("expect" in parsed && "expectError" in parsed)
      problems.push('"expect" and "expectError" exclude each other');
  }
  if (problems.length) throw new Error(`${file}: ${problems.join("; ")}`);
  return {
    event: parsed.event,
    env: parsed.env ?? {},
    expect: parsed.expect,
    expectError: parsed.expectError,
    loadOnly: false,
  };
};

/**
 * Where `actual` does not match `expected`, as "path: expected X, got Y"; undefined on a match.
 * Objects match when every expected key matches (extra keys in `actual` are fine); arrays need
 * the same length, element by element; anything else must be equal. A JSON string in `actual`
 * is parsed when `expected` is an object or array there, so an API Gateway `body` can be
 * matched field by field.
 *
 * @example
 * partialMismatch({ statusCode: 200, body: '{"id":"p1","n":2}' }, { body: { n: 2 } }) // undefined
 */
export const partialMismatch = (actual, expected, at = "answer") => {
  if (expected !== null && typeof expected === "object" && typeof actual === "string") {
    try {
      actual = JSON.parse(actual);
    } catch {
      return `${at}: expected JSON, got ${JSON.stringify(actual).slice(0, 120)}`;
    }
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected an array, got ${describe(actual)}`;
    if (actual.length !== expected.length)
      return `${at}: expected ${expected.length} items, got ${actual.length}`;
    for (let index = 0; index < expected.length; index++) {
      const mismatch = partialMismatch(actual[index], expected[index], `${at}[${index}]`);
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      return `${at}: expected an object, got ${describe(actual)}`;
    }
    for (const [key, value] of Object.entries(expected)) {
      if (!(key in actual)) return `${at}.${key}: missing`;
      const mismatch = partialMismatch(actual[key], value, `${at}.${key}`);
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  return isDeepStrictEqual(actual, expected)
    ? undefined
    : `${at}: expected ${describe(expected)}, got ${describe(actual)}`;
};

const describe = (value) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};
