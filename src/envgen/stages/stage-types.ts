/**
 * The data that flows through FTRL's five environment-building stages (arXiv 2508.08791, §3),
 * one type per stage boundary. Each stage takes the previous stage's output and returns it with
 * what that stage adds; nothing is hidden in a backend, so any stage's output can be printed,
 * cached, or handed to a different implementation of the next stage.
 *
 * ```
 * DecompositionRequest ─1─► DecomposedTask ─2─► DocumentedTask ─3─► IntegratedTask
 *                                                                        │
 *        EnvironmentRecord ◄─assemble── DeployedTask ◄─5─ ScaledTask ◄─4─┘
 * ```
 *
 * 1. Scenario decomposition adds the question, the final answer and the gold steps: each a
 *    sub-question, its sub-answer, the earlier steps it needs (`after`) and the `operation` it
 *    performs (a capability name and its concrete inputs), plus the world entities involved.
 * 2. Document generation adds one tool document (an OpenAI function spec) per capability and the
 *    call (`tool`, `arguments`) that answers each step.
 * 3. Function integration merges documents with overlapping functionality into one tool
 *    (`get_capital` + `get_population` → `get_country_info(country, field)`), rewrites the steps'
 *    calls, and records the merges.
 * 4. Complexity scaling applies FTRL's four strategies as knobs (ComplexityKnobs) — functional
 *    generalization, parameter expansion, parameter type generalization, toolset extension
 *    (distractors and near-duplicates) — rewrites the calls, and reports which tools each touched.
 * 5. Localized deployment adds self-contained, deterministic JavaScript per tool, its data
 *    embedded: `function name(args) { … }`, run in the sandbox.
 *
 * Then `assembleEnvironment` turns a DeployedTask into an EnvironmentRecord and
 * `verifyEnvironment` replays its gold plan in the sandbox before it is written.
 *
 * A stage that finds its input unusable (an LLM answer that stays malformed after repair, a
 * plan it cannot document) throws `CandidateRejection` with a reason; the builder counts it and
 * tries another candidate. Any other error is an operator or infrastructure fault and stops
 * the build.
 */
import type { Scenario, ToolSpec } from "../../core/index.js";

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type SplitName = "train" | "test";

/** Tool families: what a tool does, for held-out-family splits and statistics. */
export const TOOL_FAMILIES = [
  "lookup",
  "relation",
  "conversion",
  "arithmetic",
  "date",
  "other",
] as const;
export type ToolFamily = (typeof TOOL_FAMILIES)[number];

/**
 * How a build holds data out. Entities are always held out when a split is given: a test
 * environment touches only test entities and a train environment only train ones, so no entity
 * appears in both (for the procedural backend, within one `--seed`: the world is the seed's).
 */
export interface SplitOptions {
  split: SplitName;
  /** Share of the world's entities (and of entity-free questions) reserved for test. */
  testFraction: number;
  /** Families only test environments use: train environments never see their tools. */
  holdOutFamilies: readonly ToolFamily[];
  /** When set, some phrasings of every question type are used only in test environments. */
  holdOutPhrasings: boolean;
}

/**
 * FTRL's four complexity-scaling strategies as knobs. Probabilities apply per tool; counts per
 * environment. All zero builds the plainest environment the plan allows.
 */
export interface ComplexityKnobs {
  /** A tool serves a broader class of requests (more fields, more operations, more kinds). */
  functionalGeneralization: number;
  /** Extra parameters, optional ones with defaults (the gold call sometimes spells them out). */
  parameterExpansion: number;
  /** Parameters take richer types: arrays of enums, objects with units, date formats. */
  parameterTypeGeneralization: number;
  /** Distractor tools added to the toolset (unrelated to the plan). */
  distractors: number;
  /** Near-duplicates of needed tools: similar names and documents, different semantics. */
  nearDuplicates: number;
}

/** Everything a stage may depend on besides its input; the same context gives the same output. */
export interface StageContext {
  /** The build seed. Procedural stages derive their randomness from (seed, index, attempt). */
  seed: number;
  /** The environment slot being filled (0-based), and which try at it this is. */
  index: number;
  attempt: number;
  complexity: ComplexityKnobs;
  /** Undefined: no hold-out, every entity, family and phrasing may be used. */
  split?: SplitOptions;
  signal?: AbortSignal;
}

/** A world entity a task touches (in the prompt or in between), for leakage checks. */
export interface EntityRef {
  kind: string;
  name: string;
}

/**
 * What a step computes, in the backend's own terms: a capability (the function the step needs,
 * e.g. `country.population`, `convert_currency`) and its concrete inputs. Document generation
 * turns a capability into a tool and the inputs into call arguments.
 */
export interface Operation {
  capability: string;
  inputs: JsonObject;
}

// ── 1. Scenario decomposition ────────────────────────────────────────────────────────────

/** What the builder asks stage 1 for: one candidate environment of one scenario. */
export interface DecompositionRequest {
  id: string;
  scenario: Scenario;
}

export interface DecomposedStep {
  question: string;
  /**
   * The sub-answer. FTRL's matching rule applies (core's `outputSolvesAnswer`): it is split on
   * ", " and every part must occur in the tool's output, so "120, VRL" asks for both.
   */
  answer: string;
  /** Indices of earlier steps whose answers this step's inputs use (a multi-hop chain). */
  after: number[];
  operation: Operation;
}

export interface DecomposedTask {
  id: string;
  scenario: Scenario;
  /** The user's question, as the environment's user message. */
  question: string;
  /** The final answer, derived from the answers of the steps nothing depends on. */
  answer: string;
  /** The gold plan in an order where every step comes after the steps it needs. */
  steps: DecomposedStep[];
  entities: EntityRef[];
  /** Ids of the phrasing templates used, for phrasing hold-out and statistics. */
  phrasings: string[];
  /** `procedural` or `llm:<model>`. */
  source: string;
  seed: number;
  split?: SplitName;
}

// ── 2. Document generation ───────────────────────────────────────────────────────────────

/** Why a tool is in the environment. */
export type ToolRole = "needed" | "distractor" | "near_duplicate";

export interface ToolDocument {
  spec: ToolSpec;
  family: ToolFamily;
  role: ToolRole;
  /** The capabilities (Operation.capability) this tool answers. */
  capabilities: string[];
  /**
   * The backend's own JSON description of the behaviour, read by the same backend's deployment
   * stage (the procedural backend: a template name and its configuration). Optional: an LLM
   * backend writes code from the spec and the steps' calls and answers instead.
   */
  implementation?: JsonObject;
}

export interface PlannedCall {
  tool: string;
  arguments: JsonObject;
}

export interface DocumentedStep extends DecomposedStep {
  /** The gold call that answers the step: its output must contain the sub-answer. */
  call: PlannedCall;
}

export interface DocumentedTask extends Omit<DecomposedTask, "steps"> {
  steps: DocumentedStep[];
  tools: ToolDocument[];
}

// ── 3. Function integration ──────────────────────────────────────────────────────────────

export interface ToolMerge {
  /** The merged tool's name. */
  into: string;
  /** The tools it replaces. */
  from: string[];
}

export interface IntegratedTask extends DocumentedTask {
  merges: ToolMerge[];
}

// ── 4. Complexity scaling ────────────────────────────────────────────────────────────────

/** The tools each strategy touched (added tools for toolset extension). */
export interface ComplexityReport {
  functionalGeneralization: string[];
  parameterExpansion: string[];
  parameterTypeGeneralization: string[];
  distractors: string[];
  nearDuplicates: string[];
}

export interface ScaledTask extends IntegratedTask {
  complexity: ComplexityReport;
}

// ── 5. Localized deployment ──────────────────────────────────────────────────────────────

export interface DeployedTask extends ScaledTask {
  /** `{tool name: "function tool_name(args) { … }"}`: self-contained, deterministic. */
  code: Record<string, string>;
}

/** The stages' names, in order (for hooks, caches and rejection accounting). */
export const STAGE_NAMES = [
  "decomposition",
  "documentGeneration",
  "functionIntegration",
  "complexityScaling",
  "localizedDeployment",
] as const;
export type StageName = (typeof STAGE_NAMES)[number];
