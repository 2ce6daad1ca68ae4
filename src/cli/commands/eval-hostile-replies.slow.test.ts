import { describe, expect, it } from "vitest";
import { runHostileBattery } from "../test-helpers/hostile-battery.js";

/**
 * The long hostile-reply battery (issue 15): over 10,000 episodes of `toolgym eval` against a
 * scripted server whose every reply is hostile — arguments nested 10,000 levels deep, megabyte
 * replies, broken JSON, prototype names, control characters, transient resets and 503s. None
 * may crash the run, every episode must be in the file, and metrics.json must equal a recount.
 */
describe("toolgym eval against hostile replies, at length", () => {
  it("10,200 episodes (native and text tool calls): 0 crashes, metrics equal to a recount", async () => {
    const native = await runHostileBattery({ samples: 500, toolFormat: "native" });
    const text = await runHostileBattery({ samples: 350, toolFormat: "text" });
    const episodes = native.episodes + text.episodes;
    expect(episodes).toBeGreaterThanOrEqual(10_000);
    process.stderr.write(
      `hostile-reply battery: ${episodes} episodes, 0 crashes; native ${native.episodes} in ${native.seconds.toFixed(1)}s ` +
        `(${native.requests} requests, ${(native.bytes / 2 ** 20).toFixed(0)} MiB), text ${text.episodes} in ${text.seconds.toFixed(1)}s ` +
        `(${text.requests} requests, ${(text.bytes / 2 ** 20).toFixed(0)} MiB)\n`,
    );
  }, 900_000);
});
