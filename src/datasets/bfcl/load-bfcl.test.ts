import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataFormatError, ToolgymError } from "../../core/index.js";
import { defaultDataDir } from "../default-data-dir.js";
import { packageRoot } from "../package-root.js";
import { loadBfcl } from "./load-bfcl.js";

describe("loadBfcl on the shared BFCL v4 data", () => {
  it("loads every category with its ground truth", async () => {
    const entries = await loadBfcl();
    const count = (category: string) => entries.filter((e) => e.category === category).length;
    expect([
      count("simple_python"),
      count("multiple"),
      count("parallel"),
      count("parallel_multiple"),
      count("irrelevance"),
    ]).toEqual([400, 200, 200, 200, 240]);
    for (const entry of entries) {
      expect(entry.messages.length).toBeGreaterThan(0);
      expect(entry.tools.length).toBeGreaterThan(0);
      if (entry.category === "irrelevance") expect(entry.groundTruth).toEqual([]);
      else expect(entry.groundTruth.length).toBeGreaterThan(0);
    }
  });

  it("converts the first entry faithfully", async () => {
    const [first] = await loadBfcl({ categories: ["simple_python"] });
    expect(first.id).toBe("simple_python_0");
    expect(first.messages).toEqual([
      {
        role: "user",
        content: "Find the area of a triangle with a base of 10 units and height of 5 units.",
      },
    ]);
    expect(first.tools[0].function.name).toBe("calculate_triangle_area");
    expect(first.tools[0].function.parameters).toMatchObject({
      type: "object",
      properties: { base: { type: "integer" } },
      required: ["base", "height"],
    });
    expect(first.groundTruth).toEqual([
      { name: "calculate_triangle_area", params: { base: [10], height: [5], unit: ["units", ""] } },
    ]);
  });

  it("reads the ground truth with the JSON reader it is given", async () => {
    const seen: string[] = [];
    const readJson = (text: string) => {
      seen.push(text);
      return JSON.parse(text);
    };
    await loadBfcl({ categories: ["multiple"], readJson });
    expect(seen).toHaveLength(200);
    expect(seen[0]).toContain('"ground_truth"');
  });

  it("resolves the default data folder next to the package root", () => {
    expect(defaultDataDir("bfcl")).toBe(join(packageRoot(), "..", "shared", "data", "bfcl"));
  });
});

describe("loadBfcl on broken files", () => {
  const question = (id: string, fn = "f") =>
    JSON.stringify({
      id,
      question: [[{ role: "user", content: "hi" }]],
      function: [
        { name: fn, parameters: { type: "dict", properties: { x: { type: "integer" } } } },
      ],
    });
  const answer = (id: string, fn = "f") =>
    JSON.stringify({ id, ground_truth: [{ [fn]: { x: [1] } }] });

  function folder(questions: string[], answers?: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), "bfcl-"));
    mkdirSync(join(dir, "possible_answer"));
    writeFileSync(join(dir, "BFCL_v4_simple_python.json"), questions.join("\n"));
    if (answers)
      writeFileSync(join(dir, "possible_answer", "BFCL_v4_simple_python.json"), answers.join("\n"));
    return dir;
  }
  const load = (dataDir: string) => loadBfcl({ dataDir, categories: ["simple_python"] });

  it("loads a good folder", async () => {
    const entries = await load(
      folder([question("a"), "", question("b")], [answer("b"), answer("a")]),
    );
    expect(entries.map((e) => [e.id, e.groundTruth[0].name])).toEqual([
      ["a", "f"],
      ["b", "f"],
    ]);
  });

  it("names file and line of a line that is not JSON", async () => {
    const dir = folder([question("a"), "{oops"], [answer("a")]);
    await expect(load(dir)).rejects.toMatchObject({
      name: "DataFormatError",
      file: join(dir, "BFCL_v4_simple_python.json"),
      line: 2,
    });
  });

  it("rejects a whole-file JSON array: the files are JSON Lines", async () => {
    const dir = folder([`[${question("a")},`, `${question("b")}]`], [answer("a")]);
    await expect(load(dir)).rejects.toBeInstanceOf(DataFormatError);
  });

  it("names the field that breaks the schema", async () => {
    const bad = JSON.stringify({
      id: "a",
      question: [[{ role: "user", content: 3 }]],
      function: [],
    });
    await expect(load(folder([bad], [answer("a")]))).rejects.toMatchObject({
      line: 1,
      field: "question.0.0.content",
    });
  });

  it("rejects a function name no tool may have", async () => {
    await expect(
      load(folder([question("a", "bad name!")], [answer("a", "bad name!")])),
    ).rejects.toMatchObject({
      field: "function.0.name",
    });
  });

  it("rejects a ground truth naming an undefined function, and a missing one", async () => {
    await expect(load(folder([question("a")], [answer("a", "g")]))).rejects.toMatchObject({
      file: expect.stringContaining("possible_answer"),
      field: "ground_truth.0",
    });
    await expect(load(folder([question("a"), question("b")], [answer("a")]))).rejects.toThrow(
      /no ground truth for entry "b"/,
    );
    await expect(load(folder([question("a")], [answer("zz")]))).rejects.toThrow(/no entry "zz"/);
  });

  it("says what to do when a file is missing", async () => {
    const dir = folder([question("a")]);
    await expect(load(dir)).rejects.toBeInstanceOf(ToolgymError);
    await expect(load(dir)).rejects.toThrow(/--data/);
  });
});
