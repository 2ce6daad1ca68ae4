import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataFormatError } from "../core/index.js";
import { buildEnvironments } from "./build-environments.js";
import { buildSidecarPath } from "./build-sidecar.js";
import { COMPLEXITY_PRESETS } from "./complexity-presets.js";
import { environmentsLike } from "./environments-like.js";

const tmp = () => mkdtempSync(join(tmpdir(), "tg-like-"));

function writeSidecar(file: string, sidecar: Record<string, unknown>) {
  writeFileSync(file, "");
  writeFileSync(buildSidecarPath(file), JSON.stringify(sidecar));
}

const SIDECAR = {
  backend: "procedural",
  count: 10,
  seed: 1,
  scenarios: ["single_hop", "parallel_single_hop"],
  complexity: COMPLEXITY_PRESETS.none,
  split: { split: "train", testFraction: 0.2, holdOutFamilies: ["date"], holdOutPhrasings: false },
  attempts: 10,
  rejections: {},
};

describe("environmentsLike", () => {
  it("builds chunks the way the file was built, one new world per chunk, the same for the same index", async () => {
    const file = join(tmp(), "train.jsonl");
    writeSidecar(file, SIDECAR);
    const like = environmentsLike({ file, seedOf: (i) => 1000 + i, chunkSize: 12 })!;
    expect(like.description).toMatch(/like .*train\.jsonl.*train split/);
    const [a, again, b] = [await like.chunk(0), await like.chunk(0), await like.chunk(1)];
    expect(a).toHaveLength(12);
    expect(again).toEqual(a);
    expect(new Set(a.map((r) => r.scenario))).toEqual(
      new Set(["single_hop", "parallel_single_hop"]),
    );
    for (const r of [...a, ...b]) {
      expect(r.meta.split).toBe("train");
      expect(Object.values(r.meta.tool_families ?? {})).not.toContain("date");
    }
    // Chunk 0 is exactly the build of seed 1000, under ids of its own.
    const direct = await buildEnvironments({
      count: 12,
      seed: 1000,
      scenarios: ["single_hop", "parallel_single_hop"],
      complexity: COMPLEXITY_PRESETS.none,
      split: SIDECAR.split as never,
      idPrefix: "fresh0",
    });
    expect(a).toEqual(direct.records);
    // Another world: other entities.
    const entities = (rs: typeof a) => new Set(rs.flatMap((r) => r.meta.entities ?? []));
    const shared = [...entities(a)].filter((e) => entities(b).has(e));
    expect(shared.length).toBeLessThan(entities(a).size / 4);
  });

  it("is undefined for a file without build options or from another backend", () => {
    const dir = tmp();
    const bare = join(dir, "bare.jsonl");
    writeFileSync(bare, "");
    expect(environmentsLike({ file: bare, seedOf: (i) => i })).toBeUndefined();
    const llm = join(dir, "llm.jsonl");
    writeSidecar(llm, { ...SIDECAR, backend: "llm:gpt-4o" });
    expect(environmentsLike({ file: llm, seedOf: (i) => i })).toBeUndefined();
  });

  it("names the sidecar and the field when the build options are broken", () => {
    const file = join(tmp(), "bad.jsonl");
    writeSidecar(file, { ...SIDECAR, scenarios: ["nonsense"] });
    expect(() => environmentsLike({ file, seedOf: (i) => i })).toThrow(DataFormatError);
    expect(() => environmentsLike({ file, seedOf: (i) => i })).toThrow(
      /bad\.jsonl\.stats\.json.*scenarios/,
    );
  });
});
