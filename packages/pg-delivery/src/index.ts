export * from "./connection.ts";
export * from "./deliver.ts";
export * from "./errors.ts";
export * from "./migrate.ts";
export * from "./tls.ts";
export * from "./upsert.ts";
