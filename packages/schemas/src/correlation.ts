import * as z from "zod";

/*
 * The correlation id: one per POST /uploads request, carried by everything that request sets
 * off (the uploaded objects' metadata, the photo items, every SNS message and the delivery
 * message as a message attribute, the receipt workflow's items) and written on every log line
 * of the functions that handle it, so one CloudWatch Logs Insights query returns an upload's
 * whole story.
 */

/**
 * A safe token, because it ends up in log lines, S3 metadata, message attributes and headers:
 * 8 to 64 letters, digits and `._=+/-`. API Gateway's request ids (base64, `Hk3nXj1moAMEYxw=`),
 * UUIDs and ULIDs all fit; whitespace, quotes and control characters never do.
 */
export const CorrelationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._=+/-]{8,64}$/, "a correlation id is 8 to 64 letters, digits and ._=+/-");

/** The request header a client may choose its own id with (HTTP APIs lower-case header names). */
export const CORRELATION_ID_HEADER = "x-correlation-id";

/** The S3 user metadata key: `x-amz-meta-correlation-id` on the wire, `correlation-id` in the SDK's Metadata. */
export const CORRELATION_ID_METADATA_KEY = "correlation-id";

/** The SNS and SQS message attribute (a String), which subscription filter policies can match. */
export const CORRELATION_ID_ATTRIBUTE = "correlationId";

export type CorrelationId = z.infer<typeof CorrelationIdSchema>;
