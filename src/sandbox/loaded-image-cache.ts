import { type EngineDelta, engineImageBytes } from "./engine/engine-image.js";
import type { ToolVm } from "./tool-vm.js";

/**
 * An environment right after its tools loaded: its engine image (as differences from the
 * pristine image), and where each tool is.
 */
export interface LoadedImage {
  image: EngineDelta;
  vm: ToolVm;
}

/**
 * Engine images of environments just after their tools loaded, by tool code, so that loading the
 * same code again (the samples of one environment, a rerun, a reset after a failure) is a memory
 * copy instead of a compilation. Loading is deterministic — the pristine image, then the code —
 * so the copy is exactly what compiling would give. Code is cached the second time it is seen
 * (a single load gains nothing from it), least recently used first out past `maxBytes`.
 */
export class LoadedImageCache {
  private readonly entries = new Map<string, LoadedImage>();
  private readonly seen = new Set<string>();
  private readonly keys = new WeakMap<object, string>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** The cache key of a code map (computed once per code object). */
  key(code: Readonly<Record<string, string>>): string {
    let key = this.keys.get(code);
    if (key === undefined) {
      key = JSON.stringify(Object.entries(code));
      this.keys.set(code, key);
    }
    return key;
  }

  get(key: string): LoadedImage | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Whether `key` was loaded before (and so is worth caching now); records this load. */
  seenBefore(key: string): boolean {
    if (this.seen.has(key)) return true;
    // The set only guards against caching one-off loads: forgetting it all is harmless.
    if (this.seen.size >= 100_000) this.seen.clear();
    this.seen.add(key);
    return false;
  }

  put(key: string, entry: LoadedImage): void {
    const size = engineImageBytes(entry.image);
    if (size > this.maxBytes) return;
    const replaced = this.entries.get(key);
    if (replaced) {
      this.entries.delete(key);
      this.bytes -= engineImageBytes(replaced.image);
    }
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= engineImageBytes(old.image);
    }
  }

  clear(): void {
    this.entries.clear();
    this.seen.clear();
    this.bytes = 0;
  }
}
