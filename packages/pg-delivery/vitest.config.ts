import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Each test file starts its own PostgreSQL server (initdb takes a second or two).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_SERVICE_NAME: "pg-delivery" },
  },
});
