import { defineConfig } from "vitest/config";

// The build scripts' own tests (scripts/ is no workspace package: scripts/test-all.mjs runs them).
export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ["tests/**/*.test.mjs"],
    // A few tests bundle a fixture with esbuild, AWS SDK clients included.
    testTimeout: 30_000,
  },
});
