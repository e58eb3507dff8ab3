import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Rendering a few hundred receipts with sharp takes seconds on 2 cores.
    testTimeout: 60_000,
  },
});
