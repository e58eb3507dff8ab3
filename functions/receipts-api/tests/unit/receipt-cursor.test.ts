import { decodeCursor, encodeCursor } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { ReceiptKeySchema } from "../../src/receipt-keys.ts";

const ALICE = "aliceAliceAliceAlice01";
const BOB = "bobBobBobBobBobBobBob0";
const RECEIPT_KEY = { ownerId: ALICE, sk: "RECEIPT#01JD3M7Z8K9Q4R5S6T7V8W9X0Y" };

const cursorOf = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("receipt cursors", () => {
  it("round-trip the caller's own receipt key", () => {
    expect(decodeCursor(encodeCursor(RECEIPT_KEY), ALICE, ReceiptKeySchema)).toEqual(RECEIPT_KEY);
  });

  it("are opaque base64url, safe in a query string as they are", () => {
    expect(encodeCursor(RECEIPT_KEY)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("refuse another owner's key, so a cursor cannot reach into another partition", () => {
    expect(decodeCursor(encodeCursor(RECEIPT_KEY), BOB, ReceiptKeySchema)).toBeUndefined();
  });

  it.each([
    ["a duplicate marker's key", { ownerId: ALICE, sk: "HASH#9f86d081884c7d659a2feaa0c55ad015" }],
    ["an outcome marker's key", { ownerId: ALICE, sk: "OUTCOME#01JD3M7Z8K9Q4R5S6T7V8W9X0Y" }],
    ["a receipt key whose photo id is no ULID", { ownerId: ALICE, sk: "RECEIPT#../../etc" }],
    ["a key with an extra attribute", { ...RECEIPT_KEY, photoId: "01JD3M7Z8K9Q4R5S6T7V8W9X0Y" }],
    ["a key without its owner", { sk: RECEIPT_KEY.sk }],
    ["a key with a malformed owner", { ownerId: "x", sk: RECEIPT_KEY.sk }],
    ["a key typed as DynamoDB JSON", { ownerId: { S: ALICE }, sk: { S: RECEIPT_KEY.sk } }],
    ["JSON that is no object", [ALICE, RECEIPT_KEY.sk]],
  ])("refuse %s", (_, key) => {
    expect(decodeCursor(cursorOf(key), ALICE, ReceiptKeySchema)).toBeUndefined();
  });

  it.each([
    ["text that is not JSON", Buffer.from("RECEIPT#01JD3M7Z8K9Q4R5S6T7V8W9X0Y").toString("base64url")],
    ["padding, which base64url cursors never carry", `${encodeCursor(RECEIPT_KEY)}==`],
    ["a character outside base64url, which a decoder would skip", `${encodeCursor(RECEIPT_KEY)}!`],
  ])("refuse %s", (_, cursor) => {
    expect(decodeCursor(cursor, ALICE, ReceiptKeySchema)).toBeUndefined();
  });
});
