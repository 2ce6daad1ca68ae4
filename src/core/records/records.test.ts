import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataFormatError } from "../errors/data-format-error.js";
import { readJsonl } from "../io/read-jsonl.js";
import { EnvironmentRecordSchema } from "./environment-record.js";
import { MessageSchema } from "./message.js";

const record = {
  id: "env-1",
  scenario: "multi_hop",
  messages: [{ role: "user", content: "What is the capital of the country where Ada lives?" }],
  tools: [{ type: "function", function: { name: "lookup", description: "", parameters: {} } }],
  code: { lookup: "function lookup(args) { return 1; }" },
  subtasks: [
    { question: "q1", tool: "lookup", arguments: { name: "Ada" }, answer: "France" },
    { question: "q2", tool: "lookup", arguments: { name: "France" }, answer: "Paris", after: [0] },
  ],
  answer: "Paris",
};

describe("record schemas", () => {
  it("accepts a valid environment and fills defaults", () => {
    const parsed = EnvironmentRecordSchema.parse(record);
    expect(parsed.subtasks[0].after).toEqual([]);
    expect(parsed.meta).toEqual({});
  });
  it("names the field of a broken plan", () => {
    const bad = { ...record, subtasks: [{ ...record.subtasks[1], tool: "nope", after: [3] }] };
    const issues = EnvironmentRecordSchema.safeParse(bad).error?.issues.map((i) =>
      i.path.join("."),
    );
    expect(issues).toEqual(["subtasks.0.tool", "subtasks.0.after"]);
  });
  it("requires code for every tool", () => {
    const issues = EnvironmentRecordSchema.safeParse({ ...record, code: {} }).error?.issues;
    expect(issues?.[0].message).toBe('tool "lookup" has no code');
  });
  it("parses OpenAI chat messages", () => {
    const msg = MessageSchema.parse({
      role: "assistant",
      tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{" } }],
    });
    expect(msg).toMatchObject({ role: "assistant", content: null });
    expect(MessageSchema.safeParse({ role: "tool", content: "x" }).success).toBe(false);
  });
});

describe("readJsonl", () => {
  it("reports file, line and field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "toolgym-"));
    const file = join(dir, "envs.jsonl");
    writeFileSync(
      file,
      `${JSON.stringify(record)}\n\n${JSON.stringify({ ...record, scenario: "x" })}\n`,
    );
    const error = await readJsonl(file, EnvironmentRecordSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as DataFormatError).line).toBe(3);
    expect((error as DataFormatError).field).toBe("scenario");
    expect((error as Error).message).toMatch(/envs\.jsonl:3: field "scenario"/);
  });
  it("reports broken JSON and missing files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "toolgym-"));
    const file = join(dir, "bad.jsonl");
    writeFileSync(file, "{nope\n");
    await expect(readJsonl(file, EnvironmentRecordSchema)).rejects.toThrow(
      /bad\.jsonl:1: not valid JSON/,
    );
    await expect(readJsonl(join(dir, "missing.jsonl"), EnvironmentRecordSchema)).rejects.toThrow(
      /no such file/,
    );
  });
});
