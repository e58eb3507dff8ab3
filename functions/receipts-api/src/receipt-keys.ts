import { photoItemKeySchema } from "@shoebox/runtime";
import { type ReceiptItem, receiptSortKey } from "@shoebox/schemas";
import type * as z from "zod";

/** `RECEIPT#`: the sort keys of receipt items; a key condition on it reads no marker item. */
export const RECEIPT_PREFIX = receiptSortKey("");

/** The key of one receipt item (`RECEIPT#<photo id>` in its owner's partition), and nothing else. */
export const ReceiptKeySchema = photoItemKeySchema(RECEIPT_PREFIX);

export type ReceiptKey = z.infer<typeof ReceiptKeySchema>;

export const receiptKeyOf = (item: ReceiptItem): ReceiptKey => ({ ownerId: item.ownerId, sk: item.sk });
