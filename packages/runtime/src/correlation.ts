import { AsyncLocalStorage } from "node:async_hooks";
import { CORRELATION_ID_ATTRIBUTE, CorrelationIdSchema } from "@shoebox/schemas";

/*
 * The correlation id of the work in progress (@shoebox/schemas correlation.ts), kept per async
 * context rather than in the logger's keys: the SQS wiring handles a batch's records at once by
 * default, and keys appended for one record would show on the lines of its batch-mates. Each
 * request, record and workflow task runs in a scope of its own (withCorrelationId); the logger
 * (logger.ts) and publishEvent read the id of the scope they are called in.
 */

interface CorrelationScope {
  correlationId: string | undefined;
}

const scopes = new AsyncLocalStorage<CorrelationScope>();

/** The correlation id of the current scope, if it has one. */
export const correlationId = (): string | undefined => scopes.getStore()?.correlationId;

/**
 * Runs `work` in a scope of its own with `id` (or none): nothing set inside it leaks into the
 * caller's scope or into work running beside it.
 *
 * @example
 * await withCorrelationId(recordCorrelationId(record), () => handleRecord(record));
 */
export const withCorrelationId = <T>(id: string | undefined, work: () => Promise<T>): Promise<T> =>
  scopes.run({ correlationId: id }, work);

/**
 * Sets the current scope's id, once the work has found it (the thumbnail function reads it from
 * the photo item or the object's metadata); `undefined` clears it. Outside a scope it changes
 * nothing.
 */
export const setCorrelationId = (id: string | undefined): void => {
  const scope = scopes.getStore();
  if (scope) scope.correlationId = id;
};

/** `value` when it is a valid correlation id, else undefined: for ids read from outside (metadata, attributes, headers). */
export const validCorrelationId = (value: unknown): string | undefined => {
  const parsed = CorrelationIdSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/** The correlation id an SQS record carries as its `correlationId` message attribute (Lambda's event shape). */
export const recordCorrelationId = (record: {
  messageAttributes?: Record<string, { stringValue?: string } | undefined>;
}): string | undefined =>
  validCorrelationId(record.messageAttributes?.[CORRELATION_ID_ATTRIBUTE]?.stringValue);

/**
 * The current id as SNS or SQS MessageAttributes (empty without one), to spread into a
 * PublishCommand's or SendMessageCommand's MessageAttributes.
 *
 * @example
 * new SendMessageCommand({ QueueUrl, MessageBody, MessageAttributes: correlationAttributes() });
 */
export const correlationAttributes = (): Record<string, { DataType: "String"; StringValue: string }> => {
  const id = correlationId();
  return id ? { [CORRELATION_ID_ATTRIBUTE]: { DataType: "String", StringValue: id } } : {};
};
