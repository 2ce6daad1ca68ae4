import { randomUUID } from "node:crypto";
import { HttpError } from "../http/http-error.js";

export interface SessionStoreOptions {
  /** Live sessions at most; a reset past it is refused with 429. */
  readonly maxSessions: number;
  /** A session not used for this long is closed. */
  readonly ttlMs: number;
  /** Injectable clock, for tests. */
  readonly now?: () => number;
}

/**
 * Sessions by id, bounded in number and closed after `ttlMs` without use. Expired sessions are
 * swept on every `add` and by `sweep()` (the env server calls it on a timer), and an expired
 * one is never handed out even before the sweep.
 */
export class SessionStore<T extends { dispose(): void }> {
  private readonly sessions = new Map<string, { value: T; lastUsed: number }>();
  private readonly options: SessionStoreOptions;
  private readonly now: () => number;

  constructor(options: SessionStoreOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Stores `make(id)` under a new id; 429 when the store is full of live sessions. */
  add(make: (id: string) => T): { id: string; value: T } {
    this.sweep();
    if (this.sessions.size >= this.options.maxSessions) {
      throw new HttpError(
        429,
        `${this.sessions.size} sessions are open, the most this server keeps; close finished ones (POST /close) or wait for idle ones to expire`,
      );
    }
    const id = randomUUID();
    const value = make(id);
    this.sessions.set(id, { value, lastUsed: this.now() });
    return { id, value };
  }

  /** The live session `id` (its idle clock restarts); 404 naming `field` if unknown or expired. */
  get(id: string, field: string): T {
    const entry = this.sessions.get(id);
    if (entry === undefined || this.expired(entry.lastUsed)) {
      if (entry !== undefined) this.delete(id);
      throw new HttpError(
        404,
        `no open session ${JSON.stringify(id)} (closed, expired or never opened)`,
        field,
      );
    }
    entry.lastUsed = this.now();
    return entry.value;
  }

  delete(id: string): boolean {
    const entry = this.sessions.get(id);
    if (entry === undefined) return false;
    this.sessions.delete(id);
    entry.value.dispose();
    return true;
  }

  /** Closes every expired session; returns how many. */
  sweep(): number {
    let closed = 0;
    for (const [id, entry] of this.sessions) {
      if (this.expired(entry.lastUsed)) {
        this.delete(id);
        closed++;
      }
    }
    return closed;
  }

  clear(): void {
    for (const id of [...this.sessions.keys()]) this.delete(id);
  }

  private expired(lastUsed: number): boolean {
    return this.now() - lastUsed > this.options.ttlMs;
  }
}
