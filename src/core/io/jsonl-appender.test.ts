import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { JsonlAppender } from "./jsonl-appender.js";

const tmpFile = () => join(mkdtempSync(join(tmpdir(), "toolgym-appender-")), "out.jsonl");
const HELPER = fileURLToPath(new URL("./test-helpers/append-under-size-limit.ts", import.meta.url));

describe("JsonlAppender", () => {
  it("writes on after a short write until the line is whole", () => {
    const file = tmpFile();
    const calls: number[] = [];
    // A file system that takes at most 7 bytes a write.
    const appender = new JsonlAppender(file, {
      writeSync: (fd, buffer, offset, length) => {
        calls.push(length);
        return writeSync(fd, buffer, offset, Math.min(7, length));
      },
    });
    appender.append({ id: "a", text: "hello" });
    appender.append({ id: "b" });
    appender.close();
    expect(readFileSync(file, "utf8")).toBe('{"id":"a","text":"hello"}\n{"id":"b"}\n');
    expect(calls.length).toBeGreaterThan(4);
  });

  it("under a file-size limit: the short write is caught, the partial line cut, and the error says what to do", () => {
    const file = tmpFile();
    const child = spawnSync(
      "bash",
      ["-c", `ulimit -f 1 && exec "$0" --import tsx "$1" "$2"`, process.execPath, HELPER, file],
      {
        encoding: "utf8",
      },
    );
    expect(child.stderr).toBe("");
    // 1 KiB holds the first 600-byte line; the second is taken in part, then refused (EFBIG).
    expect(child.stdout.trim().split("\n")).toEqual([
      "ok",
      "FileWriteError EFBIG",
      "FileWriteError EFBIG",
    ]);
    const text = readFileSync(file, "utf8");
    expect(text.split("\n")).toEqual([expect.stringMatching(/^\{"id":"r0",/), ""]);
  });

  it("names the file and what to do when it cannot be opened", () => {
    const notADirectory = join(mkdtempSync(join(tmpdir(), "toolgym-appender-")), "a-file");
    writeFileSync(notADirectory, "");
    const file = join(notADirectory, "out.jsonl");
    expect(() => new JsonlAppender(file)).toThrow(
      /cannot write \((EEXIST|ENOTDIR)\): a part of the path is a file/,
    );
  });
});
