import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTempDir } from "./test-helpers/temp-dir.js";
import { writeFileAtomic } from "./write-file-atomic.js";

describe("writeFileAtomic", () => {
  const temp = useTempDir();

  it("creates and replaces a file, leaving no temporary file behind", async () => {
    const path = join(temp.path, "a.json");
    await writeFileAtomic(path, "one");
    await writeFileAtomic(path, new TextEncoder().encode("two"));
    expect(await readFile(path, "utf8")).toBe("two");
    expect(await readdir(temp.path)).toEqual(["a.json"]);
  });

  it("leaves the old file untouched and cleans up when the write fails", async () => {
    const path = join(temp.path, "a.json");
    await writeFile(path, "old");
    await expect(writeFileAtomic(join(temp.path, "missing-dir", "b.json"), "x")).rejects.toThrow(
      /ENOENT/,
    );
    // A rename onto a directory fails after the temporary file was written.
    await expect(writeFileAtomic(temp.path, "x")).rejects.toThrow();
    expect(await readFile(path, "utf8")).toBe("old");
    expect(await readdir(temp.path)).toEqual(["a.json"]);
  });
});
