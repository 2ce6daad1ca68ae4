/**
 * The QuickJS WebAssembly binary holds something the fuel instrumenter does not understand (an
 * opcode or section layout from a WebAssembly proposal it does not decode). The sandbox refuses to
 * run without its native-code watchdog rather than silently losing it: pin quickjs-emscripten to a
 * version whose binary instruments (0.32.x does), or teach `instrumentWasmFuel` the new encoding.
 */
export class WasmInstrumentationError extends Error {
  override readonly name = "WasmInstrumentationError";
  /** Byte offset in the input binary where decoding stopped. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`cannot instrument the QuickJS WebAssembly binary at byte ${offset}: ${message}`);
    this.offset = offset;
  }
}
