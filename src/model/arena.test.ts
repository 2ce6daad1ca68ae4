import { describe, expect, it } from "vitest";
import { Arena } from "./arena.js";

describe("Arena", () => {
  it("hands out aligned, disjoint views that stay valid while the memory grows", () => {
    const arena = new Arena();
    const first = arena.f32(10).fill(7);
    const ids = arena.i32(3).fill(-1);
    const bytes = arena.u8(5).fill(1);
    for (const view of [first, ids, bytes]) expect(view.byteOffset % 64).toBe(0);
    expect(ids.byteOffset).toBeGreaterThanOrEqual(first.byteOffset + first.byteLength);
    const big = arena.f32(3_000_000); // several pages: the memory grows
    big.fill(2);
    expect([...first]).toEqual(new Array(10).fill(7));
    expect([...ids]).toEqual([-1, -1, -1]);
    expect(arena.used).toBeGreaterThanOrEqual(big.byteOffset + big.byteLength);
  });

  it("runs the kernels on its views", () => {
    const arena = new Arena();
    const dst = arena.f32(3);
    const src = arena.f32(6);
    src.set([1, 2, 3, 4, 5, 6]);
    arena.wasm.column_sum_add(dst.byteOffset, src.byteOffset, 2, 3);
    expect([...dst]).toEqual([5, 7, 9]);
  });
});
