/**
 * The JavaScript that runs first in every sandbox context, before any tool code.
 *
 * It hardens the context and returns the call harness. Everything the harness needs is captured
 * here, so a tool that later replaces `JSON.stringify`, `Object.prototype.toJSON` or
 * `Array.prototype.includes` cannot sabotage how its result is read back. The harness touches no
 * prototype method at call time: lookups go through null-prototype tables and captured functions.
 *
 * Protocol (one string back per call, so the host makes a single `getString`):
 * - success: the JSON text of the return value (it never starts with "!");
 * - failure: "!" + a kind letter + a message. Letters: t thrown, n not JSON-serializable,
 *   b output too large (message = its length), m out of memory, s stack overflow, y syntax
 *   error (load only), i harness failure, a "a Promise is pending: run the jobs, then finish()".
 *
 * Hardening:
 * - `Math.random` is a seeded sfc32 generator, reset with each context (each environment load);
 *   the clock is fixed below the JavaScript level (the engine's `Date.now` import).
 * - `eval`, `Function` and the generator/async function constructors throw EvalError: tools have
 *   no use for code generation, and the parser is the one place in QuickJS whose recursion is not
 *   bounded by its own stack limit.
 * - `WeakRef` and `FinalizationRegistry` are removed: they would expose garbage-collection timing.
 * - `console.*` exists and does nothing (generated tools often log); nothing reaches the host.
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

const PRELUDE = `function (config) {
  "use strict";
  const global = globalThis;
  const jsonParse = JSON.parse;
  const jsonStringify = JSON.stringify;
  const apply = Reflect.apply;
  const defineProperty = Object.defineProperty;
  const getPrototypeOf = Object.getPrototypeOf;
  const StringCtor = String;
  const stringSlice = String.prototype.slice;
  const ErrorCtor = Error;
  const InternalErrorCtor = InternalError;
  const RangeErrorCtor = RangeError;
  const SyntaxErrorCtor = SyntaxError;
  const EvalErrorCtor = EvalError;
  const PromiseCtor = Promise;
  const promiseThen = Promise.prototype.then;
  const MAX_MESSAGE = 2000;
  const MEMORY_MESSAGES = {
    __proto__: null,
    "out of memory": 1,
    "string too long": 1,
    "invalid string length": 1,
    "BigInt is too large to allocate": 1,
  };

  // --- Math.random: sfc32, seeded per context ---
  let ra = 0x9e3779b9, rb = 0x243f6a88, rc = 0xb7e15162, rd = config.seed >>> 0;
  function next() {
    const t = (((ra + rb) | 0) + rd) | 0;
    rd = (rd + 1) | 0;
    ra = rb ^ (rb >>> 9);
    rb = (rc + (rc << 3)) | 0;
    rc = (rc << 21) | (rc >>> 11);
    rc = (rc + t) | 0;
    return t >>> 0;
  }
  for (let i = 0; i < 15; i++) next();
  defineProperty(Math, "random", {
    value: function random() { return next() / 4294967296; },
    writable: true, configurable: true, enumerable: false,
  });

  // --- no code generation from strings ---
  function refuse() {
    throw new EvalErrorCtor("code generation from strings is disabled in the toolgym sandbox");
  }
  const refusedEval = function (source) { refuse(); };
  defineProperty(refusedEval, "name", { value: "eval" });
  defineProperty(global, "eval", {
    value: refusedEval, writable: true, configurable: true, enumerable: false,
  });
  const samples = [function () {}, function* () {}, async function () {}, async function* () {}];
  for (let i = 0; i < samples.length; i++) {
    const proto = getPrototypeOf(samples[i]);
    const Refused = function Function() { refuse(); };
    Refused.prototype = proto;
    defineProperty(proto, "constructor", { value: Refused, writable: true, configurable: true });
    if (i === 0) {
      defineProperty(global, "Function", { value: Refused, writable: true, configurable: true });
    }
  }

  // --- nothing that observes the garbage collector ---
  delete global.WeakRef;
  delete global.FinalizationRegistry;

  // --- a console that goes nowhere ---
  const noop = function () {};
  defineProperty(global, "console", {
    value: { log: noop, info: noop, warn: noop, error: noop, debug: noop, trace: noop },
    writable: true, configurable: true, enumerable: false,
  });

  // --- harness ---
  function kindOf(e) {
    try {
      if (e instanceof InternalErrorCtor || e instanceof RangeErrorCtor) {
        const m = e.message;
        if (m === "stack overflow") return "s";
        if (typeof m === "string" && MEMORY_MESSAGES[m] === 1) return "m";
      }
    } catch (ignored) {}
    return "";
  }

  function text(e) {
    if (e instanceof ErrorCtor) return StringCtor(e.name) + ": " + StringCtor(e.message);
    if (typeof e === "string") return e;
    if (typeof e !== "object" || e === null) return StringCtor(e);
    try {
      const json = jsonStringify(e);
      if (typeof json === "string") return json;
    } catch (ignored) {}
    return StringCtor(e);
  }

  function describe(e) {
    try {
      const t = text(e);
      return t.length > MAX_MESSAGE ? apply(stringSlice, t, [0, MAX_MESSAGE]) + "..." : t;
    } catch (ignored) {
      return "(the thrown value could not be described)";
    }
  }

  function fail(kind, e, prefix) {
    return "!" + kind + prefix + describe(e);
  }

  function serialize(v) {
    let json;
    try {
      json = jsonStringify(v === undefined ? null : v);
    } catch (e) {
      const k = kindOf(e);
      return k ? fail(k, e, "") : fail("n", e, "return value is not JSON-serializable: ");
    }
    if (typeof json !== "string") {
      return "!nreturn value of type " + typeof v + " is not JSON-serializable";
    }
    if (json.length > config.maxOutputChars) return "!b" + json.length;
    return json;
  }

  let current = null;
  let settled = null;

  function awaitPromise(value) {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return false;
    try {
      if (!(value instanceof PromiseCtor)) return false;
      const token = {};
      current = token;
      settled = null;
      apply(promiseThen, value, [
        function (x) { if (current === token) settled = { ok: true, value: x }; },
        function (e) { if (current === token) settled = { ok: false, error: e }; },
      ]);
      return true;
    } catch (ignored) {
      current = null;
      return false;
    }
  }

  function lastResort(e) {
    const k = kindOf(e);
    return k === "s" ? "!s" : k === "m" ? "!m" : "!i";
  }

  function call(fn, argsJson) {
    try {
      current = null;
      let args;
      try {
        args = jsonParse(argsJson);
      } catch (e) {
        return fail(kindOf(e) || "i", e, "arguments could not be parsed: ");
      }
      let value;
      try {
        value = fn(args);
      } catch (e) {
        return fail(kindOf(e) || "t", e, "");
      }
      if (awaitPromise(value)) return "!a";
      return serialize(value);
    } catch (e) {
      return lastResort(e);
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

  return [call, finish, explain];
}`;
