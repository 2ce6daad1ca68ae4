import type { QuickJSEngine } from "./engine/load-quickjs-engine.js";

/**
 * How long past the time limit the fuel watchdog waits before aborting native code. QuickJS's own
 * interrupt stops JavaScript loops cleanly at the limit; the watchdog is for the native loops it
 * cannot reach, and an abort costs the environment its state, so it leaves the clean path time to
 * act first.
 */
export const HARD_GRACE_MS = 50;

/**
 * The time budget of whatever an environment is running (a call, or one tool's top-level code at
 * load). Arming sets the engine's soft deadline, which QuickJS's interrupt handler checks, and its
 * hard deadline for the fuel watchdog. Disarmed, nothing is ever interrupted.
 */
export class Deadline {
  soft = Number.POSITIVE_INFINITY;

  constructor(private readonly limitMs: number) {}

  arm(engine: QuickJSEngine): void {
    this.soft = performance.now() + this.limitMs;
    engine.softDeadline = this.soft;
    engine.hardDeadline = this.soft + HARD_GRACE_MS;
  }

  disarm(engine: QuickJSEngine): void {
    this.soft = Number.POSITIVE_INFINITY;
    engine.softDeadline = Number.POSITIVE_INFINITY;
    engine.hardDeadline = Number.POSITIVE_INFINITY;
  }

  get passed(): boolean {
    return performance.now() > this.soft;
  }
}
