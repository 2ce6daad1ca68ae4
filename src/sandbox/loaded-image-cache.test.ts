import { describe, expect, it } from "vitest";
import { createSandbox } from "./create-sandbox.js";
import { LoadedImageCache } from "./loaded-image-cache.js";

const base = { low: new Uint8Array(0), heap: new Uint8Array(0), globals: [] };
const image = (bytes: number) => ({
  image: { base, runs: new Uint32Array(0), data: new Uint8Array(bytes), globals: [] },
  vm: { tools: new Map() },
});

describe("LoadedImageCache", () => {
  it("caches code the second time it is seen, dropping the least recently used past its size", () => {
    const cache = new LoadedImageCache(250);
    const [a, b, c] = [{ f: "a" }, { f: "b" }, { f: "c" }].map((code) => cache.key(code));
    expect(cache.seenBefore(a)).toBe(false);
    expect(cache.seenBefore(a)).toBe(true);
    cache.put(a, image(100));
    cache.put(b, image(100));
    expect(cache.get(a)).toBeDefined(); // a is now the most recently used
    cache.put(c, image(100));
    expect(cache.get(b)).toBeUndefined();
    expect(cache.get(a)).toBeDefined();
    expect(cache.get(c)).toBeDefined();
    cache.put(a, image(1000)); // larger than the whole cache: not stored, the old one stays
    expect(cache.get(a)).toBeDefined();
  });

  it("gives environments loaded from a cached image their own fresh state", async () => {
    const sandbox = await createSandbox();
    const code = {
      count: "let n = 0; function count() { return ++n }",
      draw: "const first = Math.random(); function draw() { return [first, Math.random()] }",
    };
    const runtimes = Array.from({ length: 4 }, () => sandbox.load(code)); // 3rd and 4th: cached
    const draws = runtimes.map((r) => (r.call("draw", {}) as { value: unknown }).value);
    for (const d of draws) expect(d).toEqual(draws[0]);
    for (const r of runtimes) expect(r.call("count", {})).toMatchObject({ value: 1 });
    expect(runtimes[3].call("count", {})).toMatchObject({ value: 2 });
    expect(runtimes[0].call("count", {})).toMatchObject({ value: 2 });
    sandbox.dispose();
  });
});
