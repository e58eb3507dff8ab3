export * from "./agent.ts";
export * from "./cli.ts";
export * from "./database-target.ts";
export * from "./keep-invisible.ts";
export * from "./progress.ts";
export * from "./worker.ts";
