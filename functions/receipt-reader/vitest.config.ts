import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The integration tests start moto, build the zip and OCR real images (a few seconds each).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One OCR engine per test file; two files at once would be two engines on a 2-core machine.
    fileParallelism: false,
    // Logs are for people reading CloudWatch; a test asserts on outcomes instead.
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_SERVICE_NAME: "receipt-reader" },
  },
});
