import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "./create-sandbox.js";
import { MEMORY_BOMBS } from "./test-helpers/memory-bombs.js";

/**
 * The memory limit holds for every kind of allocation: each bomb ends in a `memory` error (not a
 * timeout: the time limit is generous, so the only thing that can stop it is the memory) without
 * the process growing by much more than the limit, and the environment works again afterwards.
 * Before engines had memories of their own, QuickJS counted 8 bytes per allocation whatever its
 * size: these bombs grew the process by up to 2 GB before failing.
 */
const LIMIT = 4 << 20;
/** An engine's own pages and the host's noise (V8 heap, this test's objects). */
const SLACK = 24 << 20;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ memoryLimitBytes: LIMIT, timeLimitMs: 30_000, maxEngines: 2 });
});
afterAll(() => sandbox.dispose());

describe("the memory limit", () => {
  for (const [kind, body] of Object.entries(MEMORY_BOMBS)) {
    it(`stops ${kind}`, () => {
      const tools = sandbox.load({
        bomb: `function bomb() { ${body} }`,
        ok: "function ok() { return new ArrayBuffer(1 << 20).byteLength }",
      });
      const before = process.memoryUsage().rss;
      const result = tools.call("bomb", {});
      expect(process.memoryUsage().rss - before, "process growth").toBeLessThanOrEqual(
        LIMIT + SLACK,
      );
      expect(result, JSON.stringify(result)).toMatchObject({
        ok: false,
        error: { kind: "memory" },
      });
      expect(tools.call("ok", {})).toMatchObject({ ok: true, value: 1 << 20 });
      tools.dispose();
    });
  }
});
