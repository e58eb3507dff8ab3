import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The integration tests start a moto server and stream a 40 MB archive through it.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Logs are for people reading CloudWatch; a test asserts on outcomes instead.
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_SERVICE_NAME: "archive-fanout" },
    // The memory test collects garbage before each sample, to measure what stays alive.
    poolOptions: { forks: { execArgv: ["--expose-gc"] } },
  },
});
