export * from "./clients.ts";
export * from "./config.ts";
export * from "./errors.ts";
export * from "./http.ts";
export * from "./ids.ts";
export * from "./logger.ts";
export * from "./sqs-batch.ts";
