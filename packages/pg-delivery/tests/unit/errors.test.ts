import { PermanentError, TransientError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { isConnectionError, toDeliveryError } from "../../src/errors.ts";

const pgError = (code: string, message = "boom") => Object.assign(new Error(message), { code });

describe("toDeliveryError", () => {
  it.each([
    ["22021", "invalid byte sequence"],
    ["23514", "check constraint violated"],
    ["22008", "date out of range"],
    ["22P05", "a character the database's encoding lacks"],
    ["54000", "index row size exceeded"],
  ])("makes a row's data error (SQLSTATE %s, %s) permanent", (code) => {
    expect(toDeliveryError(pgError(code), "writing")).toBeInstanceOf(PermanentError);
  });

  it.each([
    ["53300", "too many connections"],
    ["57P01", "admin shutdown"],
    ["57014", "statement timeout"],
    ["40001", "serialization failure"],
    ["42P01", "table missing: the migration has not run yet"],
    ["ECONNREFUSED", "server down"],
  ])("makes %s (%s) transient: the message waits on the queue", (code) => {
    expect(toDeliveryError(pgError(code), "writing")).toBeInstanceOf(TransientError);
  });
});

describe("isConnectionError", () => {
  it("recognises a dead connection but not a statement error", () => {
    expect(isConnectionError(pgError("57P01"))).toBe(true);
    expect(isConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionError(pgError("ECONNREFUSED"))).toBe(true);
    // Five capitals, like a SQLSTATE, but a socket error.
    expect(isConnectionError(pgError("EPIPE"))).toBe(true);
    expect(toDeliveryError(pgError("EPIPE"), "writing").message).toBe("writing: boom");
    expect(isConnectionError(pgError("23505"))).toBe(false);
    expect(isConnectionError(pgError("57014"))).toBe(false);
  });
});
