import {
  type CallRecord,
  type EnvironmentRecord,
  findSolvedSubtask,
  type Message,
  type ToolCall,
  type ToolMessage,
  type ToolSpec,
} from "../core/index.js";
import type { Sandbox, ToolRuntime } from "../sandbox/index.js";
import { ArgumentValidator } from "./argument-validator.js";

export interface ToolEnvironmentOptions {
  sandbox: Sandbox;
  /** Shared across environments so each distinct schema is compiled once. */
  validator?: ArgumentValidator;
  /** Longer tool outputs are cut, with a note, before the model sees them. */
  maxObservationChars?: number;
}

/**
 * The runtime of one environment: `reset(record)` → the opening messages, `step(calls)` → one
 * tool message per call. Every mistake of the policy — an unknown tool, arguments that are not
 * JSON or fail the schema, a tool that throws or times out — is answered with an
 * `error: …` observation and logged; nothing the policy does makes `step` throw.
 */
export class ToolEnvironment {
  private readonly sandbox: Sandbox;
  private readonly validator: ArgumentValidator;
  private readonly maxObservationChars: number;
  private runtime: ToolRuntime | undefined;
  private current: EnvironmentRecord | undefined;
  private tools = new Map<string, ToolSpec>();
  private unsolvedSubtasks = new Set<number>();
  private log: CallRecord[] = [];
  private turn = 0;

  constructor({ sandbox, validator, maxObservationChars = 8_000 }: ToolEnvironmentOptions) {
    this.sandbox = sandbox;
    this.validator = validator ?? new ArgumentValidator();
    this.maxObservationChars = maxObservationChars;
  }

  /** Loads `record`'s tools into a fresh sandbox context and returns its opening messages. */
  reset(record: EnvironmentRecord): Message[] {
    this.runtime?.dispose();
    this.runtime = this.sandbox.load(record.code);
    this.current = record;
    this.tools = new Map(record.tools.map((tool) => [tool.function.name, tool]));
    this.unsolvedSubtasks = new Set(record.subtasks.map((_, i) => i));
    this.log = [];
    this.turn = 0;
    return structuredClone(record.messages);
  }

  /** Runs one assistant turn's calls in order and answers each. */
  step(calls: readonly ToolCall[]): ToolMessage[] {
    const record = this.requireRecord();
    const messages = calls.map((call) => {
      const entry = this.run(call, record);
      this.log.push(entry);
      const content = entry.error === undefined ? entry.output! : `error: ${entry.error}`;
      return { role: "tool" as const, tool_call_id: call.id, content };
    });
    this.turn++;
    return messages;
  }

  /** Every call so far, in order, with the subtask each solved. */
  get calls(): readonly CallRecord[] {
    return this.log;
  }

  /** Indices of the gold subtasks no call has solved yet. */
  get unsolved(): ReadonlySet<number> {
    return this.unsolvedSubtasks;
  }

  get record(): EnvironmentRecord {
    return this.requireRecord();
  }

  dispose(): void {
    this.runtime?.dispose();
    this.runtime = undefined;
  }

  private run(call: ToolCall, record: EnvironmentRecord): CallRecord {
    const { name, arguments: text } = call.function;
    const base = { turn: this.turn, id: call.id, name, solved: null };
    const tool = this.tools.get(name);
    if (tool === undefined) {
      const available = [...this.tools.keys()].join(", ") || "none";
      return {
        ...base,
        arguments: parseOrNull(text),
        error: `unknown tool "${name}"; available tools: ${available}`,
      };
    }
    let args: unknown;
    try {
      args = text.trim() === "" ? {} : JSON.parse(text);
    } catch (error) {
      return {
        ...base,
        arguments: null,
        error: `arguments are not valid JSON (${(error as Error).message})`,
      };
    }
    const invalid = this.validator.check(tool.function.parameters, args);
    if (invalid !== null)
      return { ...base, arguments: args, error: `invalid arguments for ${name}: ${invalid}` };

    const result = this.runtime!.call(name, args);
    if (!result.ok)
      return {
        ...base,
        arguments: args,
        error: `${name} failed (${result.error.kind}): ${result.error.message}`,
      };
    const output = this.truncate(typeof result.value === "string" ? result.value : result.json);
    const solved = findSolvedSubtask({
      subtasks: record.subtasks,
      unsolved: this.unsolvedSubtasks,
      tool: name,
      output,
    });
    if (solved !== null) this.unsolvedSubtasks.delete(solved);
    return { ...base, arguments: args, output, solved };
  }

  private truncate(text: string): string {
    if (text.length <= this.maxObservationChars) return text;
    return `${text.slice(0, this.maxObservationChars)}… [truncated ${text.length - this.maxObservationChars} chars]`;
  }

  private requireRecord(): EnvironmentRecord {
    if (this.current === undefined)
      throw new Error("ToolEnvironment: call reset(record) before step()");
    return this.current;
  }
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
