import { CAPS } from "./vm-prelude-source.js";

/**
 * The slow path of the call harness: turning a failed call, a Promise result or a load error into
 * the protocol string. It is compiled into a context only the first time it is needed (see
 * vm-prelude-source.ts for why), possibly after tool code has polluted prototypes, so it uses only
 * the intrinsics `caps` captured before any tool ran, operators, and null-prototype tables: no
 * prototype method, no iteration, no destructuring.
 *
 * The factory takes `(caps, maxOutputChars)` and returns `[failure, attach, finish, explain]`:
 * - `failure(code, value)`: the final string for a slow-path code from `call` and the value
 *   `take()` returned;
 * - `attach(promise)`: subscribes to a returned Promise; "" on success, else a final string;
 * - `finish()`: after the host ran the promise jobs, the final string for its outcome;
 * - `explain(error)`: the final string for an exception thrown while loading tool code.
 *
 * Final strings: the JSON text of a result, or "!" + a kind letter + a message. Letters:
 * t thrown, n not JSON-serializable, b output too large (message = its length), m out of memory,
 * s stack overflow, o interrupted (timed out), y syntax error (load only), i harness failure.
 */
export function vmFailureSource(): string {
  return FAILURE;
}

const capIndex = (name: (typeof CAPS)[number]) => CAPS.indexOf(name);

const FAILURE = `(function (caps, max) {
"use strict";
const stringify = caps[${capIndex("JSON.stringify")}], apply = caps[${capIndex("Reflect.apply")}];
const StringCtor = caps[${capIndex("String")}], slice = caps[${capIndex("String.prototype.slice")}];
const ErrorCtor = caps[${capIndex("Error")}], InternalErrorCtor = caps[${capIndex("InternalError")}];
const RangeErrorCtor = caps[${capIndex("RangeError")}], SyntaxErrorCtor = caps[${capIndex("SyntaxError")}];
const then = caps[${capIndex("Promise.prototype.then")}];
const MAX_MESSAGE = 2000;
const MEMORY = { __proto__: null, "out of memory": 1, "string too long": 1, "invalid string length": 1, "BigInt is too large to allocate": 1 };
function kindOf(e) {
  try {
    if (e instanceof InternalErrorCtor || e instanceof RangeErrorCtor) {
      const m = e.message;
      if (m === "stack overflow") return "s";
      // The interrupt is uncatchable, but an async function turns it into a rejection.
      if (m === "interrupted") return "o";
      if (typeof m === "string" && MEMORY[m] === 1) return "m";
    }
  } catch (ignored) {}
  return "";
}
function text(e) {
  if (e instanceof ErrorCtor) return StringCtor(e.name) + ": " + StringCtor(e.message);
  if (typeof e === "string") return e;
  if (typeof e !== "object" || e === null) return StringCtor(e);
  try {
    const json = stringify(e);
    if (typeof json === "string") return json;
  } catch (ignored) {}
  return StringCtor(e);
}
function describe(e) {
  try {
    const t = text(e);
    return t.length > MAX_MESSAGE ? apply(slice, t, [0, MAX_MESSAGE]) + "..." : t;
  } catch (ignored) {
    return "(the thrown value could not be described)";
  }
}
function fail(kind, e, prefix) { return "!" + kind + prefix + describe(e); }
function lastResort(e) {
  const k = kindOf(e);
  return k === "s" ? "!s" : k === "m" ? "!m" : k === "o" ? "!o" : "!i";
}
function serialize(v) {
  let json;
  try {
    json = stringify(v === undefined ? null : v);
  } catch (e) {
    const k = kindOf(e);
    return k ? fail(k, e, "") : fail("n", e, "return value is not JSON-serializable: ");
  }
  if (typeof json !== "string") return "!nreturn value of type " + typeof v + " is not JSON-serializable";
  return json.length > max ? "!b" + json.length : json;
}
function failure(code, value) {
  try {
    if (code === "!p") return fail(kindOf(value) || "i", value, "arguments could not be parsed: ");
    if (code === "!e") return fail(kindOf(value) || "t", value, "");
    if (code === "!u") return "!nreturn value of type " + typeof value + " is not JSON-serializable";
    const k = kindOf(value);
    return k ? fail(k, value, "") : fail("n", value, "return value is not JSON-serializable: ");
  } catch (e) {
    return lastResort(e);
  }
}
let current = null, settled = null;
function attach(promise) {
  try {
    const token = {};
    current = token;
    settled = null;
    apply(then, promise, [
      function (x) { if (current === token) settled = { ok: true, value: x }; },
      function (e) { if (current === token) settled = { ok: false, error: e }; },
    ]);
    return "";
  } catch (e) {
    current = null;
    return fail(kindOf(e) || "n", e, "the returned Promise could not be awaited: ");
  }
}
function finish() {
  try {
    const s = settled;
    current = null;
    settled = null;
    if (s === null) return "!nthe tool returned a Promise that never settles";
    if (!s.ok) return fail(kindOf(s.error) || "t", s.error, "");
    return serialize(s.value);
  } catch (e) {
    return lastResort(e);
  }
}
function explain(e) {
  try {
    const k = kindOf(e);
    let isSyntax = false;
    try { isSyntax = e instanceof SyntaxErrorCtor; } catch (ignored) {}
    return "!" + (k || (isSyntax ? "y" : "t")) + describe(e);
  } catch (inner) {
    return lastResort(inner);
  }
}
return [failure, attach, finish, explain];
})`;
