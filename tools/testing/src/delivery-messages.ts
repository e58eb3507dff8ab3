import type { DeliveryMessage } from "@shoebox/schemas";

/**
 * A valid message of the receipt-delivery queue; `n` makes the receipt id unique.
 *
 * @example
 * const batch = [deliveryMessage(1), deliveryMessage(2, { currency: "JPY" })];
 */
export const deliveryMessage = (n: number, overrides: Partial<DeliveryMessage> = {}): DeliveryMessage => ({
  receiptId: `r-${String(n).padStart(5, "0")}`,
  ownerId: "Wq3t6pZ0bN4cQ8rT1yU5vA",
  merchant: `Corner Shop ${n}`,
  date: "2026-11-20",
  totalMinor: 1000 + n,
  currency: "EUR",
  category: "groceries",
  storedAt: "2026-11-24T09:30:00.000Z",
  ...overrides,
});
