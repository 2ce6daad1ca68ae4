import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { canonicalJson, createStageCache, stageCacheHash } from "./stage-cache.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "toolgym-stage-cache-"));
  dirs.push(dir);
  return dir;
};

const key = {
  model: "m",
  stage: "scenario-decomposition",
  promptVersion: "1",
  input: { a: 1, b: 2 },
};

describe("createStageCache", () => {
  it("misses, then returns what was set, from a file per key under the stage's folder", () => {
    const dir = tempDir();
    const cache = createStageCache({ dir });
    expect(cache.get(key)).toBeUndefined();
    cache.set(key, { question: "q" });
    expect(cache.get(key)).toEqual({ question: "q" });
    expect(createStageCache({ dir }).get(key)).toEqual({ question: "q" });
    expect(readdirSync(join(dir, "scenario-decomposition"))).toEqual([
      `${stageCacheHash(key)}.json`,
    ]);
  });

  it("keys on model, stage, prompt version and input, not on key order", () => {
    const cache = createStageCache({ dir: tempDir() });
    cache.set(key, "x");
    expect(cache.get({ ...key, input: { b: 2, a: 1 } })).toBe("x");
    expect(cache.get({ ...key, model: "other" })).toBeUndefined();
    expect(cache.get({ ...key, promptVersion: "2" })).toBeUndefined();
    expect(cache.get({ ...key, input: { a: 1, b: 3 } })).toBeUndefined();
  });

  it("treats a damaged file as a miss", () => {
    const dir = tempDir();
    const cache = createStageCache({ dir });
    cache.set(key, "x");
    writeFileSync(join(dir, "scenario-decomposition", `${stageCacheHash(key)}.json`), "{trunc");
    expect(cache.get(key)).toBeUndefined();
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth and keeps arrays in order", () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});
