import { describe, expect, it } from "vitest";
import { CorrelationIdSchema } from "../src/index.ts";

describe("CorrelationIdSchema", () => {
  it.each([
    ["an HTTP API request id", "Hk3nXj1moAMEYxw="],
    ["a UUID", "c6af9ac6-7b61-11e6-9a41-93e812345678"],
    ["a ULID", "01KAXG3W7R5N8ZK4T2B9C6D1E1"],
    ["a client's own token", "verify-deploy.2026_11_24"],
  ])("takes %s", (_, id) => {
    expect(CorrelationIdSchema.safeParse(id).success).toBe(true);
  });

  it.each([
    ["a short one", "abc1234"],
    ["a long one", "a".repeat(65)],
    ["spaces", "my upload 1"],
    ["a line break, which would forge a log line", 'abcdefgh\n{"level":"ERROR"}'],
    ["quotes", 'abcdefgh"'],
    ["non-ASCII letters", "ÄÖÜäöüßéè"],
  ])("refuses %s", (_, id) => {
    expect(CorrelationIdSchema.safeParse(id).success).toBe(false);
  });
});
