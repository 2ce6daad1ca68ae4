/**
 * No QuickJS engine is ready: two engines were discarded in quick succession (each after a tool
 * forced a hard abort) and the replacement is still starting. It starts in a few milliseconds on
 * the event loop, so an async caller that retries after `await`ing anything succeeds.
 */
export class SandboxUnavailableError extends Error {
  override readonly name = "SandboxUnavailableError";

  constructor() {
    super(
      "the sandbox's QuickJS engine is restarting after a hard abort; yield to the event loop and retry",
    );
  }
}
