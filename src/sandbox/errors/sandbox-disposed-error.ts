/** A sandbox or tool runtime was used after `dispose()`: a bug in the caller's lifecycle. */
export class SandboxDisposedError extends Error {
  override readonly name = "SandboxDisposedError";
  readonly what: "sandbox" | "tool runtime";

  constructor(what: "sandbox" | "tool runtime") {
    super(`this ${what} has been disposed; create a new one (sandbox.load) instead of reusing it`);
    this.what = what;
  }
}
