import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The integration tests start a moto server, which takes longer on a loaded machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Logs are for people reading CloudWatch; a test asserts on outcomes instead.
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_SERVICE_NAME: "reviews-api" },
  },
});
