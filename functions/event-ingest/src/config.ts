import { loadConfig, positiveInt, requiredString } from "@shoebox/runtime";
import * as z from "zod";

/** The environment of event-ingest, as Terraform's function module sets it. */
const EventIngestEnvironmentSchema = z.object({
  INGEST_EVENTS_TABLE: requiredString,
  /** The JWT authorizer's issuer: with the `ownerSub` attribute it names the owner. */
  JWT_ISSUER: requiredString,
  /** Recorded events expire through the table's TTL. */
  EVENT_RETENTION_DAYS: positiveInt(90),
});

/** event-ingest's configuration: where events are recorded (record-event.ts) and whose they are. */
export const EventIngestConfigSchema = EventIngestEnvironmentSchema.transform((env) => ({
  jwtIssuer: env.JWT_ISSUER,
  events: { table: env.INGEST_EVENTS_TABLE, retentionDays: env.EVENT_RETENTION_DAYS },
}));

export type EventIngestConfig = z.infer<typeof EventIngestConfigSchema>;

/** Reads the configuration from the environment; throws a ConfigurationError naming every problem. */
export const loadEventIngestConfig = (env: NodeJS.ProcessEnv = process.env): EventIngestConfig =>
  loadConfig(EventIngestConfigSchema, env);
