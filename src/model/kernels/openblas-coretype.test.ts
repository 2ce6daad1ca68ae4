import { describe, expect, it } from "vitest";
import { openblasCoretype } from "./openblas-coretype.js";

const cpuinfo = (flags: string) =>
  `processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: ${flags}\n`;

describe("openblasCoretype", () => {
  it("forces SkylakeX when the CPU has every AVX-512 extension its kernels use", () => {
    const flags = "fpu sse2 avx fma avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16";
    expect(openblasCoretype(cpuinfo(flags))).toBe("SkylakeX");
  });

  it("leaves OpenBLAS's detection alone without AVX-512, or without flags at all", () => {
    expect(openblasCoretype(cpuinfo("fpu sse2 avx fma avx2"))).toBeUndefined();
    expect(openblasCoretype(cpuinfo("avx2 fma avx512f avx512cd"))).toBeUndefined();
    expect(openblasCoretype("processor : 0\n")).toBeUndefined();
  });
});
