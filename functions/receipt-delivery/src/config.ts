import { loadConfig, positiveInt, requiredString } from "@shoebox/runtime";
import { z } from "zod";

export const config = loadConfig(
  z.object({
    /*
     * postgres://user:password@host:port/database of the customer's server. On AWS the
     * password belongs in Secrets Manager (the function would read the secret's ARN once per
     * container); an environment variable keeps the first version simple.
     */
    DATABASE_URL: requiredString,
    /** The server cancels a batch's statement after this long; the batch is then retried later. */
    DB_STATEMENT_TIMEOUT_MS: positiveInt(10_000),
    DB_CONNECT_TIMEOUT_MS: positiveInt(5_000),
    /** A batch that failed because the database was unavailable waits this long, doubled per attempt ... */
    RETRY_BASE_DELAY_SECONDS: positiveInt(30),
    /** ... up to this long (SQS allows 12 hours), so an outage costs few receives of maxReceiveCount. */
    RETRY_MAX_DELAY_SECONDS: positiveInt(900),
  }),
);
