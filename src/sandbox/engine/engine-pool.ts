import { SandboxUnavailableError } from "../errors/sandbox-unavailable-error.js";
import {
  type LoadQuickJSEngineOptions,
  loadQuickJSEngine,
  type QuickJSEngine,
} from "./load-quickjs-engine.js";

/**
 * The engine a sandbox runs on, plus a started spare.
 *
 * When a tool forces a hard abort (the fuel watchdog, or the host stack overflowing inside native
 * code) its engine is retired: it is never called again and is left to the garbage collector, and
 * the spare takes over at once. A new spare starts in the background (a few milliseconds: the
 * compiled module is cached). Only when a second abort comes before that spare is ready does
 * `current()` throw `SandboxUnavailableError`.
 */
export class EnginePool {
  private active: QuickJSEngine | undefined;
  private spare: QuickJSEngine | undefined;
  private starting: Promise<void> | undefined;
  private disposed = false;

  private constructor(
    private readonly options: LoadQuickJSEngineOptions,
    active: QuickJSEngine,
    spare: QuickJSEngine,
  ) {
    this.active = active;
    this.spare = spare;
  }

  static async create(options: LoadQuickJSEngineOptions): Promise<EnginePool> {
    const [active, spare] = await Promise.all([
      loadQuickJSEngine(options),
      loadQuickJSEngine(options),
    ]);
    return new EnginePool(options, active, spare);
  }

  /** The engine new work runs on. */
  current(): QuickJSEngine {
    if (this.active === undefined || this.active.poisoned) this.swap();
    if (this.active === undefined) throw new SandboxUnavailableError();
    return this.active;
  }

  /** Never call into `engine` again; the next `current()` hands out the spare. */
  retire(engine: QuickJSEngine): void {
    engine.poisoned = true;
    if (engine === this.active) this.swap();
  }

  /** Resolves once a spare engine is ready again (tests, and callers that just saw an abort). */
  async ready(): Promise<void> {
    while (this.starting) await this.starting;
  }

  dispose(): void {
    this.disposed = true;
    this.active = undefined;
    this.spare = undefined;
  }

  private swap(): void {
    this.active = this.spare;
    this.spare = undefined;
    this.replenish();
  }

  private replenish(): void {
    if (this.disposed || this.starting || this.spare) return;
    this.starting = loadQuickJSEngine(this.options).then(
      (engine) => {
        this.starting = undefined;
        if (this.disposed) return;
        if (this.active === undefined || this.active.poisoned) this.active = engine;
        else this.spare = engine;
        this.replenish();
      },
      () => {
        // Failed to start (out of memory?): the next current() or retire() tries again.
        this.starting = undefined;
      },
    );
  }
}
