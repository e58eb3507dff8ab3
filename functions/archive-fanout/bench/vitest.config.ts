import { defineConfig } from "vitest/config";

/** `pnpm --filter @shoebox/fn-archive-fanout bench`: the 200 MB archive, too slow for the unit suite. */
export default defineConfig({
  test: {
    include: ["bench/**/*.bench.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_SERVICE_NAME: "archive-fanout" },
    poolOptions: { forks: { execArgv: ["--expose-gc"] } },
  },
});
