import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prepareResumableJsonl } from "./resumable-jsonl.js";

describe("prepareResumableJsonl", () => {
  it("returns the ids of complete lines and cuts a torn last line", () => {
    const file = join(mkdtempSync(join(tmpdir(), "toolgym-")), "t.jsonl");
    writeFileSync(file, '{"id":"a"}\n{"id":"b"}\n{"id":"c","messa');
    expect([...prepareResumableJsonl(file)]).toEqual(["a", "b"]);
    expect(readFileSync(file, "utf8")).toBe('{"id":"a"}\n{"id":"b"}\n');
  });
  it("is empty for a missing file", () => {
    expect(prepareResumableJsonl(join(tmpdir(), "does-not-exist-toolgym.jsonl")).size).toBe(0);
  });
});
