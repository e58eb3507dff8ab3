/*
 * POST /events bodies, written as text: JSON.stringify cannot write 1e400 or 2^53 + 1, and a
 * hostile body is generated here rather than checked in.
 */

/** A valid event around `detail`, given as JSON text. */
export const eventBody = (detail: string, eventId = "scan-0001"): string =>
  `{"eventId":"${eventId}","source":"scanner-17","type":"receipt.scanned","occurredAt":"2026-11-24T09:30:00Z","detail":${detail}}`;

/** `levels` objects nested in one another, the innermost holding 1. */
export const nestedObjects = (levels: number): string =>
  `${'{"a":'.repeat(levels - 1)}{"a":1}${"}".repeat(levels - 1)}`;

/** An object of `count` members k0..k<count-1>, each 0. */
export const objectOfKeys = (count: number): string =>
  `{${Array.from({ length: count }, (_, index) => `"k${index}":0`).join(",")}}`;

/** The bodies of issue 12, point 3, and the reason each is rejected for. */
export const hostileBodies: { name: string; body: string; reason: RegExp }[] = [
  {
    name: "2^53 + 1",
    body: eventBody('{"n":9007199254740993}'),
    reason: /9007199254740993 is beyond ±\(2\^53 - 1\)/,
  },
  { name: "-(2^53 + 1)", body: eventBody('{"n":-9007199254740993}'), reason: /-9007199254740993 is beyond/ },
  { name: "1e400", body: eventBody('{"n":1e400}'), reason: /1e400 is out of range/ },
  { name: "-1e400", body: eventBody('{"n":[-1e400]}'), reason: /-1e400 is out of range/ },
  { name: "1e-400", body: eventBody('{"n":1e-400}'), reason: /1e-400 is too small: it would be stored as 0/ },
  {
    name: "1e-200",
    body: eventBody('{"n":1e-200}'),
    reason: /1e-200 is nearer to zero than DynamoDB's smallest/,
  },
  { name: "depth 100", body: eventBody(nestedObjects(100)), reason: /nested deeper than 16 levels/ },
  { name: "10 000 keys", body: eventBody(objectOfKeys(10_000)), reason: /more than 1000 values/ },
  {
    name: "a 300 KB string",
    body: eventBody(`{"s":"${"x".repeat(300 * 1024)}"}`),
    reason: /^307\d{3} bytes, more than 131072$/,
  },
  {
    name: "a 16 385-character string",
    body: eventBody(`{"s":"${"x".repeat(16_385)}"}`),
    reason: /a string of 16385 characters is longer than 16384/,
  },
  { name: "an unpaired surrogate", body: eventBody('{"s":"\\ud800"}'), reason: /unpaired UTF-16 surrogate/ },
  { name: "an empty key", body: eventBody('{"":1}'), reason: /an object key is empty/ },
  { name: "truncated JSON", body: '{"eventId":"scan-0002","source":"scanner-17"', reason: /^not JSON: / },
];
