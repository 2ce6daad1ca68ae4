import { Buffer } from "node:buffer";
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

/**
 * An image stored as the blocks where it differs from a whole `base` image. An environment's
 * state differs from the sandbox's pristine image in a few dozen KiB of its ~200 KiB, so this is
 * how images that many environments keep (parked ones, cached loads) are held.
 */
export interface EngineDelta {
  readonly base: EngineImage;
  /** Pairs (address, length) of the stored runs, in order; their bytes follow one another in `data`. */
  readonly runs: Uint32Array;
  readonly data: Uint8Array;
  readonly globals: readonly number[];
}

/** Granularity of a delta: small enough to skip what did not change, large enough to be cheap. */
const BLOCK_BYTES = 256;
/** What is compared natively before looking for the blocks that differ. */
const CHUNK_BYTES = 4096;

/** The image of `engine`, which must be idle (no call into it in progress). */
export function saveEngineImage(engine: QuickJSEngine): EngineImage {
  const { stackLow, heapBase } = engine.layout;
  return {
    low: engine.heap.slice(0, stackLow),
    heap: engine.heap.slice(heapBase, heapBreak(engine)),
    globals: engine.globals.map((g) => g.value),
  };
}

/**
 * Puts `engine` in the state `image` was saved in, whatever state it was left in (an abort can
 * stop it anywhere). Memory above the image's break keeps stale bytes: it is free heap, which
 * malloc hands out uninitialized and QuickJS always initializes before use.
 */
export function restoreEngineImage(engine: QuickJSEngine, image: EngineImage | EngineDelta): void {
  if ("runs" in image) {
    restoreEngineImage(engine, image.base);
    const { runs, data } = image;
    for (let i = 0, at = 0; i < runs.length; i += 2) {
      engine.heap.set(data.subarray(at, at + runs[i + 1]), runs[i]);
      at += runs[i + 1];
    }
  } else {
    engine.heap.set(image.low, 0);
    engine.heap.set(image.heap, engine.layout.heapBase);
  }
  for (let i = 0; i < image.globals.length; i++) engine.globals[i].value = image.globals[i];
}

/** The state of idle `engine` as its differences from `base`. */
export function saveEngineDelta(engine: QuickJSEngine, base: EngineImage): EngineDelta {
  const { stackLow, heapBase } = engine.layout;
  const runs: number[] = [];
  diffRegion(engine.heap, 0, stackLow, base.low, runs);
  diffRegion(engine.heap, heapBase, heapBreak(engine), base.heap, runs);
  let size = 0;
  for (let i = 1; i < runs.length; i += 2) size += runs[i];
  const data = new Uint8Array(size);
  for (let i = 0, at = 0; i < runs.length; i += 2) {
    data.set(engine.heap.subarray(runs[i], runs[i] + runs[i + 1]), at);
    at += runs[i + 1];
  }
  return { base, runs: Uint32Array.from(runs), data, globals: engine.globals.map((g) => g.value) };
}

/** Host memory an image holds (a delta: besides its base, which others share). */
export function engineImageBytes(image: EngineImage | EngineDelta): number {
  return "runs" in image
    ? image.data.length + image.runs.byteLength
    : image.low.length + image.heap.length;
}

function heapBreak(engine: QuickJSEngine): number {
  const brk = new DataView(engine.heap.buffer).getUint32(engine.layout.breakAddress, true);
  if (brk < engine.layout.heapBase || brk > engine.heap.length) {
    throw new Error(`engine image: sbrk break ${brk} outside the heap`);
  }
  return brk;
}

/**
 * Appends to `runs` the blocks of `memory[start, end)` that differ from `base` (the same region
 * as it was in the base image, possibly shorter), merging neighbours. Most of an environment's
 * memory equals the base, so whole chunks are compared natively first and only the chunks that
 * differ are narrowed down to blocks, word by word (the regions start 16-byte aligned).
 */
function diffRegion(
  memory: Uint8Array,
  start: number,
  end: number,
  base: Uint8Array,
  runs: number[],
): void {
  const mem = Buffer.from(memory.buffer, memory.byteOffset, memory.length);
  const old = Buffer.from(base.buffer, base.byteOffset, base.length);
  const words = new Uint32Array(memory.buffer, memory.byteOffset, memory.length >> 2);
  const baseWords = new Uint32Array(base.buffer, base.byteOffset, base.length >> 2);
  const baseEnd = start + (base.length & ~3);
  for (let chunk = start; chunk < end; chunk += CHUNK_BYTES) {
    const chunkEnd = Math.min(chunk + CHUNK_BYTES, end);
    if (
      chunkEnd <= baseEnd &&
      mem.compare(old, chunk - start, chunkEnd - start, chunk, chunkEnd) === 0
    ) {
      continue;
    }
    for (let block = chunk; block < chunkEnd; block += BLOCK_BYTES) {
      const blockEnd = Math.min(block + BLOCK_BYTES, chunkEnd);
      let differs = blockEnd > baseEnd;
      for (let a = block; !differs && a < blockEnd; a += 4) {
        differs = words[a >> 2] !== baseWords[(a - start) >> 2];
      }
      if (!differs) continue;
      const last = runs.length - 2;
      if (last >= 0 && runs[last] + runs[last + 1] === block) runs[last + 1] += blockEnd - block;
      else runs.push(block, blockEnd - block);
    }
  }
}
