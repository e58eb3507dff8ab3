/**
 * Lambda answers a synchronous invocation with at most 6 MB (6 291 456 bytes) of JSON: the body
 * as a JSON string (its quotes and line ends escaped once more) plus the status and headers.
 * Past that the invocation itself fails, so both routes keep their bodies below this.
 */
export const MAX_RESPONSE_BODY_BYTES = 6_000_000;

/** What a body costs of Lambda's response: its length as a JSON string, in UTF-8 bytes. */
export const responseBytesOf = (body: string): number => Buffer.byteLength(JSON.stringify(body));
