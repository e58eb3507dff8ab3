import { INGEST_BODY_LIMITS } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { readIngestEvent } from "../../src/read-event.ts";
import { eventBody, hostileBodies, nestedObjects, objectOfKeys } from "../helpers/bodies.ts";

describe("readIngestEvent", () => {
  it("reads a valid event, its detail defaulting to {}", () => {
    const body = '{"eventId":"e1","source":"s","type":"t","occurredAt":"2026-11-24T09:30:00Z"}';

    expect(readIngestEvent(body)).toEqual({
      ok: true,
      event: { eventId: "e1", source: "s", type: "t", occurredAt: "2026-11-24T09:30:00Z", detail: {} },
    });
  });

  it.each(hostileBodies)("rejects $name with its reason", ({ body, reason }) => {
    const reading = readIngestEvent(body);

    expect(reading).toMatchObject({ ok: false, eventId: undefined });
    expect(!reading.ok && reading.reason).toMatch(reason);
  });

  it("reads an event at every limit, and rejects it with one value more", () => {
    const { maxDepth, maxValues, maxStringLength } = INGEST_BODY_LIMITS;
    // The event object, its four strings and detail's object are 6 values, "deep" holds
    // maxDepth - 2 objects and a 1 (the event is level 1 and detail level 2), "text" is 1.
    const deepValues = maxDepth - 2 + 1;
    const keys = maxValues - 6 - deepValues - 1 - 1;
    const detail = (extra: string) =>
      `{${extra}"deep":${nestedObjects(maxDepth - 2)},"keys":${objectOfKeys(keys)},"text":"${"é".repeat(maxStringLength)}"}`;

    expect(readIngestEvent(eventBody(detail(""))).ok).toBe(true);
    expect(readIngestEvent(eventBody(detail('"more":0,')))).toMatchObject({
      ok: false,
      reason: `more than ${maxValues} values`,
    });
  });

  it("rejects JSON that is not an event with the schema's words, keeping a readable eventId", () => {
    const reading = readIngestEvent('{"eventId":"scan-0003","source":"scanner-17","extra":1}');

    expect(reading).toMatchObject({ ok: false, eventId: "scan-0003" });
    expect(!reading.ok && reading.reason).toMatch(/type: .*; occurredAt: .*; Unrecognized key: "extra"/);
  });

  it("reads no eventId from a body that is not an object, or whose eventId is not one", () => {
    for (const body of ["[]", "null", '"scan-0004"', '{"eventId":""}', `{"eventId":"${"x".repeat(129)}"}`]) {
      expect(readIngestEvent(body)).toMatchObject({ ok: false, eventId: undefined });
    }
  });
});
