import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The integration tests start a PostgreSQL server (and a moto server for the retry delay).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_SERVICE_NAME: "receipt-delivery" },
  },
});
