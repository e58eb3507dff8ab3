import { type ReceiptKey, ReceiptKeySchema } from "./receipt-keys.ts";

/*
 * A cursor is the DynamoDB key to continue after, as JSON in base64url: opaque to clients, and
 * read back only as a receipt key (`RECEIPT#<photo id>`) in the caller's own partition. A key
 * of another owner, of a marker item (HASH#, MATCH#, OUTCOME#) or with extra attributes is
 * refused, so a crafted cursor can neither reach another partition nor start a query outside
 * the receipts.
 */

/**
 * @example
 * encodeCursor({ ownerId, sk: "RECEIPT#01JD3M7Z8K9Q4R5S6T7V8W9X0Y" }); // "eyJvd25lcklkIjoi…"
 */
export const encodeCursor = (key: ReceiptKey): string =>
  Buffer.from(JSON.stringify({ ownerId: key.ownerId, sk: key.sk })).toString("base64url");

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The key to continue after, or undefined when the cursor is not one this API issued to this caller. */
export const decodeCursor = (cursor: string, ownerId: string): ReceiptKey | undefined => {
  // Node's base64url decoder skips characters outside the alphabet: refuse them instead.
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const key = ReceiptKeySchema.safeParse(parseJson(Buffer.from(cursor, "base64url").toString("utf8")));
  return key.success && key.data.ownerId === ownerId ? key.data : undefined;
};
