/**
 * Tool bodies that allocate one kind of thing in an endless loop, each a way around a memory
 * limit that counts only part of what is allocated. Shared by the memory tests.
 */
export const MEMORY_BOMBS: Readonly<Record<string, string>> = {
  "ArrayBuffer 1 MiB": "const a = []; for (;;) a.push(new ArrayBuffer(1 << 20))",
  "ArrayBuffer 1 KiB": "const a = []; for (;;) a.push(new ArrayBuffer(1024))",
  Uint8Array: "const a = []; for (;;) a.push(new Uint8Array(1 << 16))",
  Float64Array: "const a = []; for (;;) a.push(new Float64Array(1 << 14))",
  DataView: "const a = []; for (;;) a.push(new DataView(new ArrayBuffer(4096)))",
  "distinct strings": "const a = []; let i = 0; for (;;) a.push('x'.repeat(1000) + i++)",
  "string doubling": "let s = 'x'; for (let i = 0; ; i++) s = s + s + i",
  "number arrays": "const a = []; for (;;) a.push([1, 2, 3, 4, 5, 6, 7, 8])",
  objects: "const a = []; for (let i = 0; ; i++) a.push({ i, a: 1, b: 2, c: 3 })",
  closures: "const a = []; for (let i = 0; ; i++) a.push(() => i)",
  Map: "const m = new Map(); for (let i = 0; ; i++) m.set(i, { i })",
  Set: "const s = new Set(); for (let i = 0; ; i++) s.add('k' + i)",
  BigInt: "const a = []; for (let b = 1n; ; b *= 3n) a.push(b)",
  "sparse array": "const a = []; for (let i = 0; ; i += 7) a[i * 1000] = i",
  "array growth": "const a = []; for (;;) a.push(new Array(1000).fill(1))",
};
