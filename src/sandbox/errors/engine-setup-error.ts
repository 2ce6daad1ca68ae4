/**
 * The QuickJS engine could not be set up the way the sandbox requires (its WebAssembly glue no
 * longer has the clock or local-time imports the sandbox replaces to stay deterministic, or the
 * module failed to start). An installation problem, not a tool problem: reinstall dependencies or
 * pin quickjs-emscripten to 0.32.x.
 */
export class EngineSetupError extends Error {
  override readonly name = "EngineSetupError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(`QuickJS engine setup failed: ${message}`, options);
  }
}
