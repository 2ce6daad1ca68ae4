import { WasmInstrumentationError } from "../errors/wasm-instrumentation-error.js";

/** Sequential reader over a WebAssembly binary: bytes and LEB128 integers. */
export class WasmByteReader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  fail(message: string, at = this.pos): never {
    throw new WasmInstrumentationError(message, at);
  }

  byte(): number {
    if (this.pos >= this.end) this.fail("unexpected end of data");
    return this.bytes[this.pos++];
  }

  peek(): number {
    if (this.pos >= this.end) this.fail("unexpected end of data");
    return this.bytes[this.pos];
  }

  /** Unsigned LEB128 up to 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
      if (shift > 28) this.fail("u32 LEB128 too long");
    }
    if (result > 0xffffffff) this.fail("u32 LEB128 out of range");
    return result;
  }

  /** Signed LEB128 up to 32 bits (i32.const immediates). */
  s32(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.byte();
      result |= (b & 0x7f) << shift;
      shift += 7;
      if (shift > 35) this.fail("s32 LEB128 too long");
    } while (b & 0x80);
    return shift < 32 && b & 0x40 ? result | (-1 << shift) : result;
  }

  /** Skips a signed or unsigned LEB128 of any width (i32/i64 constants, s33 block types). */
  skipLeb(): void {
    for (let i = 0; i < 10; i++) if ((this.byte() & 0x80) === 0) return;
    this.fail("LEB128 too long");
  }

  skip(n: number): void {
    if (this.pos + n > this.end) this.fail("unexpected end of data");
    this.pos += n;
  }

  /** A length-prefixed byte vector (names, section payloads). */
  vec(): Uint8Array {
    const n = this.u32();
    const start = this.pos;
    this.skip(n);
    return this.bytes.subarray(start, start + n);
  }
}
