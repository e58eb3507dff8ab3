import type { Context } from "aws-lambda";
import { validCorrelationId, withCorrelationId } from "./correlation.ts";
import { logger } from "./logger.ts";
import { flushMetrics } from "./metrics.ts";

/**
 * Wires a function the receipt workflow invokes (lambda:invoke): the Lambda context on the log
 * lines, the payload's `correlationId` (the workflow passes the upload's on) as the scope of the
 * invocation, and its metrics flushed when it ends. The payload is handed on as it came: each
 * task parses it with its own schema.
 *
 * @example
 * export const handler = workflowTaskHandler(async (item) => validateReceipt(item, new Date(), config));
 */
export const workflowTaskHandler =
  <Result>(handle: (payload: unknown, context?: Context) => Promise<Result>) =>
  (payload: unknown, context?: Context): Promise<Result> =>
    withCorrelationId(
      validCorrelationId((payload as { correlationId?: unknown } | null)?.correlationId),
      async () => {
        if (context) logger.addContext(context);
        try {
          return await handle(payload, context);
        } finally {
          flushMetrics();
        }
      },
    );
