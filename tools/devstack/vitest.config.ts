import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The end-to-end test applies Terraform to moto and runs the demo: minutes, not seconds.
    testTimeout: 15_000,
    hookTimeout: 15_000,
    pool: "forks",
  },
});
