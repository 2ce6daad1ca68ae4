import { EnginePool } from "./engine/engine-pool.js";
import { quickJSBinary } from "./engine/load-quickjs-engine.js";
import { EngineSetupError } from "./errors/engine-setup-error.js";
import { LoadedImageCache } from "./loaded-image-cache.js";
import { buildPristineVm } from "./pristine-vm.js";
import type { ToolRuntimeHost, ToolRuntimeLimits } from "./quickjs-tool-runtime.js";

export interface ToolRuntimeHostOptions extends ToolRuntimeLimits {
  nowMs: number;
  maxEngines: number;
}

/** Heap above the C stack for the pristine VM (measured: about 150 KiB). */
const PRISTINE_RESERVE_BYTES = 512 << 10;
/** Host memory for images of loaded environments (see LoadedImageCache). */
const LOADED_IMAGE_CACHE_BYTES = 64 << 20;

/**
 * A sandbox's engines and its pristine VM. Each engine's memory is sized for QuickJS's static
 * data and stack, the pristine VM, and `memoryLimitBytes` for the environment: the memory limit.
 */
export async function createToolRuntimeHost(
  options: ToolRuntimeHostOptions,
): Promise<ToolRuntimeHost> {
  const { nowMs, maxEngines, ...limits } = options;
  const { layout } = await quickJSBinary();
  const reserved = layout.heapBase + PRISTINE_RESERVE_BYTES;
  const pool = await EnginePool.create({
    nowMs,
    maxEngines,
    memoryBytes: reserved + limits.memoryLimitBytes,
  });
  const builder = {};
  const pristine = buildPristineVm(pool.acquire(builder).engine, limits);
  pool.release(builder);
  pool.parkingBase = pristine.image;
  if (layout.heapBase + pristine.image.heap.length > reserved) {
    throw new EngineSetupError(`the pristine VM outgrew its ${PRISTINE_RESERVE_BYTES} bytes`);
  }
  return { pool, pristine, limits, loaded: new LoadedImageCache(LOADED_IMAGE_CACHE_BYTES) };
}
