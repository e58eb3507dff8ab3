import { PermanentError, TransientError } from "@shoebox/runtime";
import { DeliveryRejectionCodeSchema } from "@shoebox/schemas";

/*
 * PostgreSQL reports errors with a SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html);
 * the network reports them with a Node error code. Only a data error is caused by one row and
 * can never succeed; everything else (the server down, restarting, overloaded, a lock, a
 * timeout, even a missing table before the migration ran) is fixed by time or by an operator,
 * so the message must wait on the queue, not go to the DLQ.
 */

/**
 * SQLSTATE classes caused by the values of a row: 22 data exception (a NUL character, a date
 * out of range, a character the database's encoding lacks), 23 integrity constraint violation
 * (a CHECK), 54 program limit exceeded (a value too large for an index entry).
 */
const rowDataClasses = new Set(["22", "23", "54"]);

/** Node and pg errors that mean "no usable connection" rather than "the statement is wrong". */
const connectionErrorCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

const sqlStateOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  // EPIPE has a SQLSTATE's shape (five capitals) but is a socket error.
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !connectionErrorCodes.has(code)
    ? code
    : undefined;
};

/** True when the error says one row's values are wrong (SQLSTATE class 22, 23 or 54). */
export const isRowDataError = (error: unknown): boolean => {
  const state = sqlStateOf(error);
  return state !== undefined && rowDataClasses.has(state.slice(0, 2));
};

/**
 * True when the connection itself is gone or unusable: it must be thrown away and a new one
 * opened. Class 08 is "connection exception"; 57P01-57P03 are the server shutting down or
 * starting; the messages are pg's own for a socket that closed or never opened in time.
 */
export const isConnectionError = (error: unknown): boolean => {
  const state = sqlStateOf(error);
  if (state) return state.startsWith("08") || ["57P01", "57P02", "57P03"].includes(state);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && connectionErrorCodes.has(code)) return true;
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|connection timeout|not queryable|Client was closed/i.test(message);
};

/**
 * The shoebox error for a failed database call: a PermanentError (code `ROW_REJECTED`) for a
 * row-level data error, a TransientError for everything else.
 *
 * @example
 * catch (error) { throw toDeliveryError(error, "writing receipt r-1"); }
 */
export const toDeliveryError = (error: unknown, doing: string): PermanentError | TransientError => {
  if (error instanceof PermanentError || error instanceof TransientError) return error;
  const state = sqlStateOf(error);
  const reason = `${error instanceof Error ? error.message : String(error)}${state ? ` (SQLSTATE ${state})` : ""}`;
  return isRowDataError(error)
    ? new PermanentError(
        `${doing}: the database rejected the row: ${reason}`,
        DeliveryRejectionCodeSchema.enum.ROW_REJECTED,
        {
          cause: error,
        },
      )
    : new TransientError(`${doing}: ${reason}`, { cause: error });
};
