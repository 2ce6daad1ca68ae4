import {
  type EngineDelta,
  type EngineImage,
  restoreEngineImage,
  saveEngineDelta,
  saveEngineImage,
} from "./engine-image.js";
import {
  type LoadQuickJSEngineOptions,
  loadQuickJSEngine,
  type QuickJSEngine,
} from "./load-quickjs-engine.js";

export interface EnginePoolOptions extends LoadQuickJSEngineOptions {
  /** Engines the pool starts; tenants beyond that take turns (see `acquire`). */
  maxEngines: number;
}

/** What the engine `acquire` returns holds of the tenant's state. */
export type Residency =
  /** Its state, as it left it (still resident, or restored from its parked image). */
  | "loaded"
  /** Nothing of it: set the engine up (restore a base image, load the tools). */
  | "empty";

interface Tenancy {
  engine: QuickJSEngine | undefined;
  /** The tenant's state while another tenant uses its engine. */
  parked: EngineImage | EngineDelta | undefined;
  /** False until set up, and again after `forget`: there is nothing to keep. */
  hasState: boolean;
  lastUsed: number;
}

/**
 * The engines of a sandbox, each owned by one tenant (an environment) at a time.
 *
 * Environments never share an engine's memory: a tenant gets an engine of its own whenever one
 * is free. When more environments are loaded than the pool has engines (`maxEngines`, all started
 * up front: engines start asynchronously, and a rollout whose policy answers at once never
 * yields to the event loop to let one start later), the least recently used tenant's state is
 * parked — its engine image saved to host memory — and restored, possibly into another engine,
 * the next time it runs. So `acquire` never waits and never fails. An engine an abort left in an
 * unknown state is not discarded: its tenant `forget`s its state, and the next set-up restores a
 * whole image over it.
 */
export class EnginePool {
  private readonly free: QuickJSEngine[];
  private readonly tenants = new Map<object, Tenancy>();
  private readonly owner = new Map<QuickJSEngine, object>();
  private clock = 0;
  private disposed = false;
  /**
   * The image every tenant's state derives from (the sandbox's pristine VM): parked states are
   * stored as their differences from it.
   */
  parkingBase: EngineImage | undefined;

  private constructor(private readonly engines: QuickJSEngine[]) {
    this.free = [...engines];
  }

  static async create(options: EnginePoolOptions): Promise<EnginePool> {
    const starts = Array.from({ length: options.maxEngines }, () => loadQuickJSEngine(options));
    return new EnginePool(await Promise.all(starts));
  }

  /** The number of engines (tests, diagnostics). */
  get size(): number {
    return this.engines.length;
  }

  /** Tenants whose state is parked in host memory right now. */
  get parked(): number {
    let n = 0;
    for (const t of this.tenants.values()) if (t.parked) n++;
    return n;
  }

  /**
   * An engine that `tenant` alone uses until its next `acquire`. Resident tenants keep theirs; a
   * new or parked tenant takes a free engine, or else the least recently used tenant's, whose
   * state is parked first.
   */
  acquire(tenant: object): { engine: QuickJSEngine; residency: Residency } {
    let t = this.tenants.get(tenant);
    if (!t) {
      t = { engine: undefined, parked: undefined, hasState: false, lastUsed: 0 };
      this.tenants.set(tenant, t);
    }
    t.lastUsed = ++this.clock;
    if (!t.engine) {
      const engine = this.free.pop() ?? this.evict();
      this.owner.set(engine, tenant);
      t.engine = engine;
      if (t.parked) {
        restoreEngineImage(engine, t.parked);
        t.parked = undefined;
      }
    }
    const residency = t.hasState ? "loaded" : "empty";
    t.hasState = true;
    return { engine: t.engine, residency };
  }

  /** `tenant`'s state is gone (reset after a failure, or an abort wrecked its engine). */
  forget(tenant: object): void {
    const t = this.tenants.get(tenant);
    if (!t) return;
    t.hasState = false;
    t.parked = undefined;
  }

  /** `tenant` is done: its engine is free, its parked state dropped. */
  release(tenant: object): void {
    const t = this.tenants.get(tenant);
    if (!t) return;
    this.tenants.delete(tenant);
    if (t.engine) {
      this.owner.delete(t.engine);
      if (!this.disposed) this.free.push(t.engine);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.engines.length = 0;
    this.free.length = 0;
    this.tenants.clear();
    this.owner.clear();
  }

  /** The least recently used tenant's engine, its state parked. */
  private evict(): QuickJSEngine {
    let victim: Tenancy | undefined;
    for (const owner of this.owner.values()) {
      const t = this.tenants.get(owner)!;
      if (!victim || t.lastUsed < victim.lastUsed) victim = t;
    }
    // acquire() runs synchronously and every engine is owned here, so a victim exists.
    const engine = victim!.engine!;
    if (victim!.hasState) {
      victim!.parked = this.parkingBase
        ? saveEngineDelta(engine, this.parkingBase)
        : saveEngineImage(engine);
    }
    victim!.engine = undefined;
    this.owner.delete(engine);
    return engine;
  }
}
