import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { prepareResumableJsonl } from "./resumable-jsonl.js";

const tmpFile = () => join(mkdtempSync(join(tmpdir(), "toolgym-")), "t.jsonl");

describe("prepareResumableJsonl", () => {
  it("returns the ids of complete lines and sets a torn last line aside", () => {
    const file = tmpFile();
    writeFileSync(file, '{"id":"a"}\n{"id":"b"}\n{"id":"c","messa');
    const { ids, setAside, rejectedFile } = prepareResumableJsonl(file);
    expect([...ids]).toEqual(["a", "b"]);
    expect(setAside).toEqual([{ line: 3, reason: "torn: a write cut short" }]);
    expect(readFileSync(file, "utf8")).toBe('{"id":"a"}\n{"id":"b"}\n');
    expect(readFileSync(rejectedFile, "utf8")).toBe('{"id":"c","messa\n');
  });

  it("moves garbled lines in the middle, invalid records and second copies aside, keeping the rest in order", () => {
    const file = tmpFile();
    const lines = [
      '{"id":"a","n":1}',
      '{"id":"b","n":2}garbage',
      "",
      '{"id":"c","n":"three"}',
      '{"id":"a","n":4}',
      '{"id":"d","n":5}',
    ];
    writeFileSync(file, `${lines.join("\n")}\n`);
    const schema = z.object({ id: z.string(), n: z.number() });
    const { ids, setAside, rejectedFile } = prepareResumableJsonl(file, { schema });
    expect([...ids]).toEqual(["a", "d"]);
    expect(setAside.map(({ line }) => line)).toEqual([2, 4, 5]);
    expect(setAside[0].reason).toMatch(/^not valid JSON/);
    expect(setAside[1].reason).toMatch(/^field "n": /);
    expect(setAside[2].reason).toBe('a second record with id "a"');
    expect(readFileSync(file, "utf8")).toBe(`${lines[0]}\n\n${lines[5]}\n`);
    expect(readFileSync(rejectedFile, "utf8")).toBe(`${lines[1]}\n${lines[3]}\n${lines[4]}\n`);
    // Prepared again, the file is clean: nothing more is set aside.
    expect(prepareResumableJsonl(file, { schema }).setAside).toEqual([]);
    expect(readdirSync(join(file, "..")).sort()).toEqual(["t.jsonl", "t.jsonl.rejected"]);
  });

  it("is empty for a missing file", () => {
    const file = join(tmpdir(), "does-not-exist-toolgym.jsonl");
    expect(prepareResumableJsonl(file).ids.size).toBe(0);
    expect(existsSync(file)).toBe(false);
  });
});
