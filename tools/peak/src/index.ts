export * from "./delivery-database.ts";
export * from "./peak-run.ts";
export * from "./peak-stack.ts";
export * from "./random.ts";
export * from "./receipt-images.ts";
export * from "./receipt-plan.ts";
export * from "./summary.ts";
export * from "./upload-batch.ts";
