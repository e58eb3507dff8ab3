import { readableIssues } from "@shoebox/runtime";
import { INGEST_BODY_LIMITS, type IngestEvent, IngestEventSchema } from "@shoebox/schemas";
import { parseStorableJson } from "./storable-json.ts";

/** A body read as an event, or why it is not one (with its eventId when that much was readable). */
export type EventReading =
  | { ok: true; event: IngestEvent }
  | { ok: false; reason: string; eventId: string | undefined };

const eventIdOf = (value: unknown): string | undefined => {
  if (typeof value !== "object" || value === null) return undefined;
  const eventId = IngestEventSchema.shape.eventId.safeParse((value as { eventId?: unknown }).eventId);
  return eventId.success ? eventId.data : undefined;
};

/**
 * Reads a `POST /events` body: within `INGEST_BODY_LIMITS`, then as an `IngestEvent`. Whatever a
 * caller sent, the answer is a value, never an exception: bad input is rejected, not retried.
 *
 * @example
 * readIngestEvent('{"eventId":"e1","source":"s","type":"t","occurredAt":"2026-01-01T00:00:00Z","detail":{"n":1e400}}');
 * // { ok: false, reason: "the number 1e400 is out of range", eventId: undefined }
 */
export const readIngestEvent = (body: string): EventReading => {
  const parsed = parseStorableJson(body, INGEST_BODY_LIMITS);
  if (!parsed.ok) return { ok: false, reason: parsed.reason, eventId: undefined };
  const event = IngestEventSchema.safeParse(parsed.value);
  if (event.success) return { ok: true, event: event.data };
  return { ok: false, reason: readableIssues(event.error).join("; "), eventId: eventIdOf(parsed.value) };
};
