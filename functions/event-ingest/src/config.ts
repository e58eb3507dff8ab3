import { loadConfig, positiveInt, requiredString } from "@shoebox/runtime";
import * as z from "zod";

export const config = loadConfig(
  z.object({
    INGEST_EVENTS_TABLE: requiredString,
    /** The JWT authorizer's issuer: with the `ownerSub` attribute it names the owner. */
    JWT_ISSUER: requiredString,
    /** Recorded events expire through the table's TTL. */
    EVENT_RETENTION_DAYS: positiveInt(90),
  }),
);
