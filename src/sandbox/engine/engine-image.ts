import type { QuickJSEngine } from "./load-quickjs-engine.js";

/**
 * Everything an idle engine's C side holds, as copies: static data and BSS (malloc's bookkeeping,
 * QuickJS's globals), the heap up to the `sbrk` break, and the mutable globals (the stack
 * pointer). Restoring an image into any engine of the same build and memory size puts it back in
 * exactly that state: the runtimes, contexts and values it held are there again at the same
 * addresses. Between calls the C stack is empty, so the stack's region (megabytes, mostly never
 * touched) is not part of it. See wasm-memory-layout.ts.
 */
export interface EngineImage {
  readonly low: Uint8Array;
  readonly heap: Uint8Array;
  readonly globals: readonly number[];
}

/** The image of `engine`, which must be idle (no call into it in progress). */
export function saveEngineImage(engine: QuickJSEngine): EngineImage {
  const { stackLow, heapBase, breakAddress } = engine.layout;
  const view = new DataView(engine.heap.buffer);
  const brk = view.getUint32(breakAddress, true);
  if (brk < heapBase || brk > engine.heap.length) {
    throw new Error(`engine image: sbrk break ${brk} outside the heap`);
  }
  return {
    low: engine.heap.slice(0, stackLow),
    heap: engine.heap.slice(heapBase, brk),
    globals: engine.globals.map((g) => g.value),
  };
}

/**
 * Puts `engine` in the state `image` was saved in, whatever state it was left in (an abort can
 * stop it anywhere). Memory above the image's break keeps stale bytes: it is free heap, which
 * malloc hands out uninitialized and QuickJS always initializes before use.
 */
export function restoreEngineImage(engine: QuickJSEngine, image: EngineImage): void {
  engine.heap.set(image.low, 0);
  engine.heap.set(image.heap, engine.layout.heapBase);
  for (let i = 0; i < image.globals.length; i++) engine.globals[i].value = image.globals[i];
}

/** Host memory an image holds. */
export function engineImageBytes(image: EngineImage): number {
  return image.low.length + image.heap.length;
}
