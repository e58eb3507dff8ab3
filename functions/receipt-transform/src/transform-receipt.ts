import {
  ReceiptMerchantSchema,
  ReceiptTransformInputSchema,
  type TransformedReceipt,
} from "@shoebox/schemas";
import { categoryOf } from "./category.ts";
import { InvalidTransformInputError } from "./errors.ts";
import { displayMerchantName } from "./merchant-name.ts";

/**
 * Shapes a validated receipt for storage: the total in minor units (Validate computed it with the
 * same shared rule it checked), the merchant's display name, and a category guessed from the
 * merchant, null when the name says nothing (the state machine then asks the user's profile).
 *
 * @example
 * transformReceipt({ receipt: validated }); // { merchant: "Whole Foods Market", totalMinor: 4217, … }
 */
export const transformReceipt = (input: unknown): TransformedReceipt => {
  const parsed = ReceiptTransformInputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidTransformInputError(parsed.error.message);
  const { receipt } = parsed.data;
  const display = displayMerchantName(receipt.merchant);
  return {
    // Changing case can lengthen a name ("ß" -> "SS", "İ" -> "i̇"): one the customer's table
    // could not hold is kept as Validate passed it.
    merchant: ReceiptMerchantSchema.safeParse(display).success ? display : receipt.merchant,
    totalMinor: receipt.totalMinor,
    currency: receipt.currency,
    date: receipt.date,
    category: categoryOf(receipt.merchantKey),
  };
};
