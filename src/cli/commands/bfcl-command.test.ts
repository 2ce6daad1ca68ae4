import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeBfclFixture } from "../../datasets/bfcl/test-helpers/bfcl-live-fixture.js";
import { runCli as run } from "../test-helpers/run-cli.js";

describe("toolgym bfcl --data on the live categories", () => {
  it("runs every category found in the folder, and the oracle scores 100% where there are answers", async () => {
    const { stdout, stderr, code } = await run(
      "bfcl",
      "--policy",
      "oracle",
      "--data",
      writeBfclFixture(),
    );
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/skipped/);
    for (const category of [
      "live_simple",
      "live_multiple",
      "live_parallel",
      "live_parallel_multiple",
      "live_irrelevance",
    ])
      expect(stdout).toMatch(
        new RegExp(`^${category}\\s+\\d+\\s+\\d+\\s+100\\.0%\\s+0\\s+-$`, "m"),
      );
    expect(stdout).toMatch(
      /^live_relevance\s+2\s+0\s+0\.0%\s+0\s+relevance_error:decoder_failed \(2\)$/m,
    );
  });

  it("lists skipped records on stderr, counts them, and writes them into bfcl-results.json", async () => {
    const dir = writeBfclFixture();
    appendFileSync(join(dir, "BFCL_v4_live_irrelevance.json"), "{broken\n");
    const out = mkdtempSync(join(tmpdir(), "bfcl-out-"));
    const { stdout, stderr, code } = await run(
      "bfcl",
      "--policy",
      "oracle",
      "--data",
      dir,
      "--categories",
      "live_irrelevance,live_simple",
      "--out",
      out,
    );
    expect(code).toBe(0);
    const skipped = stderr.split("\n").filter((line) => line.includes("skipped"));
    expect(skipped).toEqual([
      expect.stringMatching(
        new RegExp(
          `^bfcl: skipped ${join(dir, "BFCL_v4_live_irrelevance.json")}:4: not valid JSON`,
        ),
      ),
    ]);
    expect(stdout).toMatch(/^live_irrelevance\s+3\s+3\s+100\.0%\s+1\s+-$/m);
    expect(stdout).toMatch(/^overall\s+10\s+10\s+100\.0%\s+1$/m);
    const saved = JSON.parse(readFileSync(join(out, "bfcl-results.json"), "utf8"));
    expect(saved.skipped).toHaveLength(1);
    expect(Object.keys(saved.categories)).toEqual(["live_simple", "live_irrelevance"]);
  });

  it("exits 2 naming the files it looked for when a category's file is missing", async () => {
    const { stderr, code } = await run(
      "bfcl",
      "--policy",
      "oracle",
      "--data",
      writeBfclFixture(),
      "--categories",
      "non_live",
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /no question file for BFCL category "simple_python" \(looked for BFCL_v4_simple_python\.json/,
    );
  });
});
