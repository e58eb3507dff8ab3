import { OwnerIdSchema, UlidSchema } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { newId, ownerIdFromClaims } from "../src/index.ts";

describe("ids", () => {
  it("give the same owner id for the same issuer and subject, and a valid one", () => {
    const id = ownerIdFromClaims("https://issuer.example.com/", "user-1");

    expect(id).toBe(ownerIdFromClaims("https://issuer.example.com/", "user-1"));
    expect(OwnerIdSchema.safeParse(id).success).toBe(true);
  });

  it("never give two issuers the same owner for the same subject", () => {
    expect(ownerIdFromClaims("https://a.example.com/", "user-1")).not.toBe(
      ownerIdFromClaims("https://b.example.com/", "user-1"),
    );
  });

  it("make ULIDs that sort in creation order", () => {
    const ids = Array.from({ length: 1000 }, () => newId());

    expect(ids.every((id) => UlidSchema.safeParse(id).success)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });
});
