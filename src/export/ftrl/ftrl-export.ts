import { Table, vectorFromArray } from "apache-arrow";
import {
  type EnvironmentRecord,
  type Message,
  type Trajectory,
  unsolvedSet,
} from "../../core/index.js";
import { arrowFloat, arrowString, toolMessagesType } from "../parquet.js";
import { ftrlToolShim } from "./ftrl-tool-shim.js";

interface FtrlRow {
  messages: Message[];
  unsolved: Set<number>;
  record: EnvironmentRecord;
}

/**
 * The rows FTRL's verl fork trains on (`Code/data_sample/data_sample.py`, read by its
 * `ToolRewardManager`): `messages`, `tools`, `codes` and `unsolved_set` (JSON strings),
 * `solve_rate`, `data_source`, `split`, `answer`. Each environment gives its opening row
 * (nothing solved); each trajectory given adds, like `data_sample.py`, one row after every turn
 * that called tools — the conversation so far, what is still unsolved and the share solved —
 * from its call log, without running anything. `codes` holds Python shims that ask
 * `toolgym serve env` to run the JavaScript tools (`ftrlToolShim`).
 */
export function ftrlTable(
  records: readonly EnvironmentRecord[],
  trajectories: readonly Trajectory[],
  options: { dataSource: string; split: string; envUrl: string },
): Table {
  const byId = new Map(records.map((r) => [r.id, r]));
  const rows: FtrlRow[] = records.map((record) => ({
    record,
    messages: record.messages,
    unsolved: new Set(record.subtasks.map((_, i) => i)),
  }));
  for (const trajectory of trajectories) {
    const record = byId.get(trajectory.env_id);
    if (record !== undefined) rows.push(...continuationRows(record, trajectory));
  }
  const codes = new Map(
    records.map((record) => [
      record.id,
      JSON.stringify(
        Object.fromEntries(
          record.tools.map(({ function: { name } }) => [
            name,
            ftrlToolShim({ envId: record.id, tool: name, envUrl: options.envUrl }),
          ]),
        ),
      ),
    ]),
  );
  return new Table({
    messages: vectorFromArray(
      rows.map((row) => row.messages.map(messageColumns)),
      toolMessagesType,
    ),
    tools: vectorFromArray(
      rows.map((row) => JSON.stringify(row.record.tools)),
      arrowString,
    ),
    codes: vectorFromArray(
      rows.map((row) => codes.get(row.record.id)!),
      arrowString,
    ),
    unsolved_set: vectorFromArray(
      rows.map((row) => JSON.stringify(unsolvedSet(row.record.subtasks, row.unsolved))),
      arrowString,
    ),
    solve_rate: vectorFromArray(
      rows.map((row) => solveRate(row)),
      arrowFloat,
    ),
    data_source: vectorFromArray(
      rows.map(() => options.dataSource),
      arrowString,
    ),
    split: vectorFromArray(
      rows.map(() => options.split),
      arrowString,
    ),
    answer: vectorFromArray(
      rows.map((row) => row.record.answer),
      arrowString,
    ),
  });
}

/** One row after each assistant turn that called tools, as `data_sample.py` saves them. */
function continuationRows(record: EnvironmentRecord, trajectory: Trajectory): FtrlRow[] {
  const rows: FtrlRow[] = [];
  const unsolved = new Set(record.subtasks.map((_, i) => i));
  let turn = 0;
  trajectory.messages.forEach((message, i) => {
    if (message.role !== "assistant") return;
    const calls = message.tool_calls?.length ?? 0;
    if (calls > 0) {
      for (const call of trajectory.calls) {
        if (call.turn === turn && call.solved !== null) unsolved.delete(call.solved);
      }
      let end = i + 1;
      while (trajectory.messages[end]?.role === "tool") end++;
      rows.push({
        record,
        messages: trajectory.messages.slice(0, end),
        unsolved: new Set(unsolved),
      });
      // The env counts a turn per step, and steps only turns that call tools.
      turn++;
    }
  });
  return rows;
}

function solveRate({ record, unsolved }: FtrlRow): number {
  return record.subtasks.length === 0 ? 1 : 1 - unsolved.size / record.subtasks.length;
}

function messageColumns(message: Message) {
  return {
    role: message.role,
    content: message.content,
    tool_calls: message.role === "assistant" ? (message.tool_calls ?? null) : null,
    tool_call_id: message.role === "tool" ? message.tool_call_id : null,
  };
}
