/**
 * Thrown by the fuel watchdog (the host import the instrumented engine calls every few thousand
 * loop iterations) once a call has run past its hard deadline. It unwinds the WebAssembly stack
 * from wherever the engine was, native code included, so the engine that threw it is discarded.
 */
export class FuelExhausted extends Error {
  override readonly name = "FuelExhausted";

  constructor() {
    super("the sandbox's hard deadline passed inside native engine code");
  }
}
