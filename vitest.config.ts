import { defineConfig } from "vitest/config";

// Wall-clock assertions (`*.timing.test.ts`: the sandbox's "ends within budget + 100 ms") are
// kept out of the parallel run and run alone afterwards (vitest.timing.config.ts), so that
// other test files competing for the two cores cannot make them miss their deadline. The slow
// test of the packed package (`*.slow.test.ts`: a build and an install) runs there too.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    exclude: ["src/**/*.timing.test.ts", "src/**/*.slow.test.ts", "**/node_modules/**"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
