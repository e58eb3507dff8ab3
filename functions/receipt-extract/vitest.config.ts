import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The integration tests start moto and decode real images (a few seconds each).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Logs are for people reading CloudWatch; a test asserts on outcomes instead.
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_SERVICE_NAME: "receipt-extract" },
  },
});
