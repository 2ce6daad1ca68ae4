import { type EngineImage, saveEngineImage } from "./engine/engine-image.js";
import type { QuickJSEngine } from "./engine/load-quickjs-engine.js";
import { type VmAddresses, VmCalls } from "./vm-calls.js";
import { vmFailureSource } from "./vm-failure-source.js";
import { vmPreludeSource } from "./vm-prelude-source.js";

export interface PristineVmLimits {
  memoryLimitBytes: number;
  maxStackBytes: number;
  maxOutputBytes: number;
  randomSeed: number;
}

/** The harness functions (vm-prelude-source.ts, vm-failure-source.ts), as value addresses. */
export interface Harness {
  call: number;
  take: number;
  caps: number;
  failure: number;
  attach: number;
  finish: number;
  explain: number;
}

/**
 * A sandbox's starting point: one QuickJS runtime (with the sandbox's limits and interrupt
 * handler) and one context, hardened by the prelude, with the whole call harness compiled — and
 * the engine image of that state. Every environment starts from this image, so a fresh
 * environment costs a memory copy instead of creating a runtime and a context and compiling the
 * harness, and the addresses here are valid in every environment.
 */
export interface PristineVm {
  at: VmAddresses;
  harness: Harness;
  image: EngineImage;
}

export function buildPristineVm(engine: QuickJSEngine, limits: PristineVmLimits): PristineVm {
  const at = VmCalls.createContext(engine, limits);
  const vm = new VmCalls(engine, at);
  const config = { seed: limits.randomSeed, maxOutputChars: limits.maxOutputBytes };
  const prelude = expectValue(vm, vm.evalCode(vmPreludeSource(config), "toolgym-prelude.js"));
  const [call, take, caps] = [0, 1, 2].map((i) => vm.index(prelude, i));
  vm.free(prelude);
  const factory = expectValue(vm, vm.evalCode(vmFailureSource(), "toolgym-failure.js"));
  const max = vm.newNumber(limits.maxOutputBytes);
  const helpers = expectValue(vm, vm.call(factory, [caps, max]));
  vm.free(factory);
  vm.free(max);
  const [failure, attach, finish, explain] = [0, 1, 2, 3].map((i) => vm.index(helpers, i));
  vm.free(helpers);
  const harness = { call, take, caps, failure, attach, finish, explain };
  return { at, harness, image: saveEngineImage(engine) };
}

function expectValue(vm: VmCalls, outcome: ReturnType<VmCalls["evalCode"]>): number {
  if (outcome.ok) return outcome.value;
  const detail = (outcome.error && vm.readString(outcome.error)) || "out of memory";
  throw new Error(`the sandbox's call harness failed to start: ${detail}`);
}
