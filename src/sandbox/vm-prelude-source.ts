/**
 * The JavaScript that runs first in every sandbox context, before any tool code.
 *
 * It hardens the context, captures the intrinsics the harness needs, and returns the hot-path call
 * harness `[call, take, caps]`. Compiling JavaScript is the dominant cost of a fresh environment
 * (QuickJS in WebAssembly compiles about a statement a microsecond), so this file holds only what
 * every context needs; what only failures need lives in vm-failure-source.ts and is compiled in a
 * context the first time one of its calls fails.
 *
 * Hardening:
 * - `Math.random` is a seeded sfc32 generator, reset with each context (each environment load);
 *   the clock is fixed below the JavaScript level (the engine's `Date.now` import).
 * - `eval`, `Function` and the generator/async function constructors throw EvalError: tools have
 *   no use for code generation, and the parser is the one place in QuickJS whose recursion is not
 *   bounded by its own stack limit.
 * - `Object.prototype.toJSON` and `Array.prototype.toJSON` are locked to `undefined`, so one tool
 *   cannot change how every other tool's plain results serialize. (Plain assignment
 *   `obj.toJSON = f` therefore has no effect; object literals and classes may still define it.)
 * - `WeakRef` and `FinalizationRegistry` are removed: they would expose garbage-collection timing.
 * - `console.*` exists and does nothing (generated tools often log); nothing reaches the host.
 *
 * `call(fn, argsJson)` returns the JSON text of the result (which never starts with "!"), or
 * `!b<length>` when it is longer than the limit, or a code that sends the host to the slow path
 * with the value kept for `take()`: `!p` the arguments did not parse, `!e` the tool threw, `!u`
 * the result has no JSON text, `!j` serializing it threw, `!a` it is a Promise. Because `caps`
 * and every function here were captured before tool code ran, a tool that replaces
 * `JSON.stringify`, `Reflect.apply` or any prototype method cannot change what the harness does.
 */
export interface VmPreludeConfig {
  /** Seed of the context's Math.random. */
  seed: number;
  /** Longest JSON text (UTF-16 code units) a call may return. */
  maxOutputChars: number;
}

export function vmPreludeSource(config: VmPreludeConfig): string {
  return `(${PRELUDE})(${JSON.stringify(config)})`;
}

/** Indices into `caps`, shared with vm-failure-source.ts. */
export const CAPS = [
  "JSON.parse",
  "JSON.stringify",
  "Reflect.apply",
  "String",
  "String.prototype.slice",
  "Error",
  "InternalError",
  "RangeError",
  "SyntaxError",
  "Promise",
  "Promise.prototype.then",
] as const;

const PRELUDE = `function (config) {
"use strict";
const global = globalThis, define = Object.defineProperty, protoOf = Object.getPrototypeOf;
const parse = JSON.parse, stringify = JSON.stringify, PromiseCtor = Promise, EvalErrorCtor = EvalError;
const caps = [${CAPS.join(", ")}];
const max = config.maxOutputChars;
let ra = 0x9e3779b9, rb = 0x243f6a88, rc = 0xb7e15162, rd = config.seed >>> 0;
function next() {
  const t = (((ra + rb) | 0) + rd) | 0;
  rd = (rd + 1) | 0; ra = rb ^ (rb >>> 9); rb = (rc + (rc << 3)) | 0;
  rc = ((rc << 21) | (rc >>> 11)) + t | 0;
  return t >>> 0;
}
for (let i = 0; i < 15; i++) next();
define(Math, "random", { value: function random() { return next() / 4294967296; }, writable: true, configurable: true });
function refuse() { throw new EvalErrorCtor("code generation from strings is disabled in the toolgym sandbox"); }
define(global, "eval", { value: function (source) { refuse(); }, writable: true, configurable: true });
const kinds = [function () {}, function* () {}, async function () {}, async function* () {}];
for (let i = 0; i < 4; i++) {
  const proto = protoOf(kinds[i]), Refused = function Function() { refuse(); };
  Refused.prototype = proto;
  define(proto, "constructor", { value: Refused, writable: true, configurable: true });
  if (i === 0) define(global, "Function", { value: Refused, writable: true, configurable: true });
}
define(Object.prototype, "toJSON", { value: undefined });
define(Array.prototype, "toJSON", { value: undefined });
delete global.WeakRef;
delete global.FinalizationRegistry;
const noop = function () {};
define(global, "console", { value: { log: noop, info: noop, warn: noop, error: noop, debug: noop, trace: noop }, writable: true, configurable: true });
let held;
function call(fn, argsJson) {
  let stage = "!p";
  try {
    const args = parse(argsJson);
    stage = "!e";
    const value = fn(args);
    stage = "!j";
    if (typeof value === "object" && value !== null && value instanceof PromiseCtor) { held = value; return "!a"; }
    const json = stringify(value === undefined ? null : value);
    if (typeof json !== "string") { held = value; return "!u"; }
    return json.length > max ? "!b" + json.length : json;
  } catch (e) {
    held = e;
    return stage;
  }
}
function take() { const value = held; held = undefined; return value; }
return [call, take, caps];
}`;
