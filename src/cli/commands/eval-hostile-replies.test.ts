import { describe, expect, it } from "vitest";
import { runHostileBattery } from "../test-helpers/hostile-battery.js";

// The short hostile-reply battery; the long one (over 10,000 episodes) runs with the timing
// tests, in eval-hostile-replies.slow.test.ts.
describe("toolgym eval against hostile replies", () => {
  it("native tool calls: 240 episodes, no crash, metrics equal to a recount from the file", async () => {
    const result = await runHostileBattery({ samples: 20, toolFormat: "native" });
    expect(result.episodes).toBe(240);
  }, 120_000);

  it("text tool calls: 120 episodes, no crash, metrics equal to a recount from the file", async () => {
    const result = await runHostileBattery({ samples: 10, toolFormat: "text" });
    expect(result.episodes).toBe(120);
  }, 120_000);
});
