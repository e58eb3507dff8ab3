export * from "./aws-errors.ts";
export * from "./errors.ts";
export * from "./lambda-tasks.ts";
export * from "./render.ts";
export * from "./run-workflow.ts";
export * from "./service-integrations.ts";
export * from "./task-states.ts";
export * from "./validate-definition.ts";
