import { FuelExhausted } from "./fuel-exhausted.js";

/**
 * What an exception that unwound the engine's WebAssembly stack means for the call that caused it:
 * the fuel watchdog fired (`timeout`), the host's own stack overflowed inside native code
 * (`stack`, e.g. compiling deeply nested source), or the engine failed (`internal`). Either way
 * the engine's memory is in an unknown state: the environment that ran in it loses its state and
 * the engine is set up again from an image before its next use (see engine-image.ts).
 */
export function hostAbortKind(error: unknown): "timeout" | "stack" | "internal" {
  if (error instanceof FuelExhausted) return "timeout";
  if (error instanceof RangeError && /call stack/i.test(error.message)) return "stack";
  return "internal";
}
