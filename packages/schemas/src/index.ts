export * from "./delivery.ts";
export * from "./ids.ts";
export * from "./ingest.ts";
export * from "./notifications.ts";
export * from "./object-keys.ts";
export * from "./photos.ts";
export * from "./s3-events.ts";
export * from "./uploads.ts";
