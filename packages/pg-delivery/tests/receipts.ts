import type { DeliveryMessage } from "@shoebox/schemas";

/** A valid delivery message; `n` makes the receipt id unique. */
export const receipt = (n: number, overrides: Partial<DeliveryMessage> = {}): DeliveryMessage => ({
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
