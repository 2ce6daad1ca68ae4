/**
 * The OPENBLAS_CORETYPE to use when the user set none, from the CPU flags in /proc/cpuinfo.
 *
 * OpenBLAS picks its kernels from the CPU model it recognises; 0.3.21 (Debian 12) does not know
 * Zen 5 and falls back to slower ones although the CPU runs the SkylakeX (AVX-512) kernels,
 * which measured twice as fast there. Forcing SkylakeX on a CPU without AVX-512 would crash the
 * process with an illegal instruction, so it is chosen only when every extension those kernels
 * use is present; otherwise OpenBLAS's own detection stands (undefined).
 */
export function openblasCoretype(cpuinfo: string): string | undefined {
  const flagsLine = cpuinfo.split("\n").find((line) => line.startsWith("flags"));
  if (flagsLine === undefined) return undefined;
  const flags = new Set(
    flagsLine
      .slice(flagsLine.indexOf(":") + 1)
      .trim()
      .split(/\s+/),
  );
  const skylakeX = ["avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"];
  return skylakeX.every((flag) => flags.has(flag)) ? "SkylakeX" : undefined;
}
