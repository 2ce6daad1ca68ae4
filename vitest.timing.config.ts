import { defineConfig } from "vitest/config";

/**
 * The timing-sensitive tests and the slow test of the packed package, one file at a time, after
 * the main suite (see vitest.config.ts).
 */
export default defineConfig({
  test: {
    include: ["src/**/*.timing.test.ts", "src/**/*.slow.test.ts"],
    testTimeout: 30_000,
    pool: "forks",
    fileParallelism: false,
  },
});
