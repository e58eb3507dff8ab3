import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The browser tests start one local stack (Terraform applied to moto) for the whole file.
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: "forks",
  },
});
