import { Logger, type LogItem } from "@aws-lambda-powertools/logger";
import type { LogItemExtraInput, LogItemMessage } from "@aws-lambda-powertools/logger/types";
import { correlationId } from "./correlation.ts";

/**
 * Powertools' logger with the correlation id of the scope it logs in (correlation.ts) on every
 * line, as `correlationId`. Appended keys are one set per logger, shared by records handled at
 * once; the scope is each record's own.
 */
class CorrelatedLogger extends Logger {
  protected override createAndPopulateLogItem(
    logLevel: number,
    input: LogItemMessage,
    extraInput: LogItemExtraInput,
  ): LogItem {
    const item = super.createAndPopulateLogItem(logLevel, input, extraInput);
    const id = correlationId();
    return id ? item.addAttributes({ correlationId: id }) : item;
  }
}

/** Structured JSON logs; service name and level come from POWERTOOLS_* variables. */
export const logger: Logger = new CorrelatedLogger();
