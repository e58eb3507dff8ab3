import { OwnerIdSchema, PhotoIdSchema } from "@shoebox/schemas";
import * as z from "zod";

/*
 * A cursor is the DynamoDB key to continue after, as JSON in base64url: opaque to clients, and
 * read back only as a key of the kind the listing issued (`<prefix><photo id>`) in the caller's
 * own partition. A key of another owner, of another kind of item (HASH#, MATCH#, OUTCOME#, …)
 * or with extra attributes is refused, so a crafted cursor can neither reach another partition
 * nor start a query outside the listed items.
 */

/** The key of an item in an owner's partition: owner id and sort key. */
export interface PartitionKey {
  ownerId: string;
  sk: string;
}

/**
 * The key of one item whose sort key is `prefix` and a photo id (`RECEIPT#<photo id>`,
 * `REVIEW#<photo id>`), and nothing else.
 *
 * @example
 * const ReceiptKeySchema = photoItemKeySchema("RECEIPT#");
 */
export const photoItemKeySchema = (prefix: string) =>
  z.strictObject({
    ownerId: OwnerIdSchema,
    sk: z
      .string()
      .startsWith(prefix)
      .refine(
        (sk) => PhotoIdSchema.safeParse(sk.slice(prefix.length)).success,
        `is not a sort key of ${prefix} items`,
      ),
  });

/**
 * @example
 * encodeCursor({ ownerId, sk: "RECEIPT#01JD3M7Z8K9Q4R5S6T7V8W9X0Y" }); // "eyJvd25lcklkIjoi…"
 */
export const encodeCursor = (key: PartitionKey): string =>
  Buffer.from(JSON.stringify({ ownerId: key.ownerId, sk: key.sk })).toString("base64url");

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * The key to continue after, or undefined when the cursor is not one a listing of `keySchema`
 * keys issued to this caller.
 *
 * @example
 * decodeCursor(cursor, ownerId, ReceiptKeySchema); // { ownerId, sk: "RECEIPT#…" } | undefined
 */
export const decodeCursor = <Key extends PartitionKey>(
  cursor: string,
  ownerId: string,
  keySchema: z.ZodType<Key>,
): Key | undefined => {
  // Node's base64url decoder skips characters outside the alphabet: refuse them instead.
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const key = keySchema.safeParse(parseJson(Buffer.from(cursor, "base64url").toString("utf8")));
  return key.success && key.data.ownerId === ownerId ? key.data : undefined;
};
