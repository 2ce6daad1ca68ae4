import { defineConfig } from "vitest/config";

/** The timing-sensitive tests, one file at a time, after the main suite (see vitest.config.ts). */
export default defineConfig({
  test: {
    include: ["src/**/*.timing.test.ts"],
    testTimeout: 30_000,
    pool: "forks",
    fileParallelism: false,
  },
});
