import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The integration tests start moto and PostgreSQL, and run the agent and the redrive command as processes.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_SERVICE_NAME: "delivery-agent" },
  },
});
