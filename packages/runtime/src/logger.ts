import { Logger } from "@aws-lambda-powertools/logger";

/** Structured JSON logs; service name and level come from POWERTOOLS_* variables. */
export const logger = new Logger();
