import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ToolgymError } from "../../core/index.js";
import { defaultDataDir, packageRoot } from "../default-data-dir.js";
import { BFCL_LIVE_CATEGORIES } from "./bfcl-category.js";
import { findBfclCategories, loadBfcl } from "./load-bfcl.js";
import { BFCL_LIVE_FIXTURE, writeBfclFixture } from "./test-helpers/bfcl-live-fixture.js";

describe("loadBfcl on the shared BFCL v4 data", () => {
  it("loads every category with its ground truth", async () => {
    const { entries, skipped } = await loadBfcl();
    expect(skipped).toEqual([]);
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
    const {
      entries: [first],
    } = await loadBfcl({ categories: ["simple_python"] });
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

  it("loads the categories whose files are there when none are named", async () => {
    expect(findBfclCategories(defaultDataDir("bfcl"))).toEqual([
      "simple_python",
      "multiple",
      "parallel",
      "parallel_multiple",
      "irrelevance",
    ]);
    const { entries } = await loadBfcl({ limit: 2 });
    expect(entries.map((e) => e.id)).toEqual([
      "simple_python_0",
      "simple_python_1",
      "multiple_0",
      "multiple_1",
      "parallel_0",
      "parallel_1",
      "parallel_multiple_0",
      "parallel_multiple_1",
      "irrelevance_0",
      "irrelevance_1",
    ]);
  });
});

describe("loadBfcl on the live categories", () => {
  it("loads every live category from the leaderboard's file names", async () => {
    const dir = writeBfclFixture();
    expect(findBfclCategories(dir)).toEqual([...BFCL_LIVE_CATEGORIES]);
    const { entries, skipped } = await loadBfcl({ dataDir: dir });
    expect(skipped).toEqual([]);
    const count = (category: string) => entries.filter((e) => e.category === category).length;
    for (const [category, data] of Object.entries(BFCL_LIVE_FIXTURE))
      expect([category, count(category)]).toEqual([category, data.questions.length]);
    const byId = Object.fromEntries(entries.map((e) => [e.id, e]));
    expect(byId["live_simple_1-0-1"].messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(byId["live_irrelevance_1-1-0"]).toMatchObject({ tools: [], groundTruth: [] });
    expect(byId["live_irrelevance_2-2-0"].messages).toEqual([
      { role: "system", content: "You are a helpful assistant." },
      { role: "user", content: "Can you book me a table?" },
      { role: "assistant", content: "Sure, where and when?" },
      { role: "user", content: "Never mind, what is 2 + 2?" },
    ]);
    expect(byId["live_relevance_0-0-0"].groundTruth).toEqual([]);
    expect(byId["live_simple_2-1-0"].tools[0].function.parameters).toMatchObject({
      type: "object",
      required: ["location", "budget"],
      properties: {
        location: { type: "object", properties: { city: { type: "string" } } },
        budget: { type: "number" },
        guests: { type: "array", items: { type: "object" } },
      },
    });
    expect(byId["live_parallel_0-0-0"].groundTruth.map((g) => g.params.location)).toEqual([
      ["Boston, MA", "Boston"],
      ["Chicago, IL", "Chicago"],
    ]);
  });

  it("reads the v3 and v2 file names, and v3's `simple` for simple_python", async () => {
    const live = { live_simple: BFCL_LIVE_FIXTURE.live_simple };
    for (const prefix of ["BFCL_v3", "BFCL_v2"]) {
      const { entries } = await loadBfcl({ dataDir: writeBfclFixture(live, { prefix }) });
      expect(entries).toHaveLength(BFCL_LIVE_FIXTURE.live_simple.questions.length);
    }
    const simple = {
      simple_python: {
        questions: BFCL_LIVE_FIXTURE.live_simple.questions,
        answers: BFCL_LIVE_FIXTURE.live_simple.answers,
      },
    };
    const dir = writeBfclFixture(simple, { prefix: "BFCL_v3", names: { simple_python: "simple" } });
    expect(findBfclCategories(dir)).toEqual(["simple_python"]);
    const { entries } = await loadBfcl({ dataDir: dir });
    expect(entries[0]).toMatchObject({ id: "live_simple_0-0-0", category: "simple_python" });
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
  const answer = (id: string | undefined, fn = "f") =>
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
  const questionFile = (dir: string) => join(dir, "BFCL_v4_simple_python.json");
  const answerFile = (dir: string) => join(dir, "possible_answer", "BFCL_v4_simple_python.json");

  it("pairs answers by id when every id names a question", async () => {
    const { entries, skipped } = await load(
      folder([question("a"), "", question("b", "g")], [answer("b", "g"), answer("a")]),
    );
    expect(skipped).toEqual([]);
    expect(entries.map((e) => [e.id, e.groundTruth[0].name])).toEqual([
      ["a", "f"],
      ["b", "g"],
    ]);
  });

  it("pairs answers by position, as the leaderboard does, when ids differ or are absent", async () => {
    const { entries, skipped } = await load(
      folder([question("a"), question("b", "g")], [answer("A-0"), answer(undefined, "g")]),
    );
    expect(skipped).toEqual([]);
    expect(entries.map((e) => [e.id, e.groundTruth[0].name])).toEqual([
      ["a", "f"],
      ["b", "g"],
    ]);
  });

  it("skips and reports each bad record, naming file, line and field, and loads the rest", async () => {
    const dir = folder(
      [
        question("ok-1"),
        "{oops",
        JSON.stringify({
          id: "tool-turn",
          question: [[{ role: "tool", content: "x" }]],
          function: [],
        }),
        JSON.stringify({ id: "no-turn", question: [[]], function: [] }),
        question("bad-name", "bad name!"),
        question("undefined-fn"),
        question("ok-1"),
        question("ok-2"),
      ],
      [
        answer(undefined),
        answer(undefined),
        answer(undefined),
        answer(undefined),
        answer(undefined),
        answer(undefined, "g"),
        answer(undefined),
        "[not an answer",
      ],
    );
    const { entries, skipped } = await load(dir);
    expect(entries.map((e) => e.id)).toEqual(["ok-1"]);
    expect(skipped).toEqual([
      expect.objectContaining({
        file: questionFile(dir),
        line: 2,
        reason: expect.stringMatching(/^not valid JSON/),
      }),
      expect.objectContaining({
        file: questionFile(dir),
        line: 3,
        reason: expect.stringMatching(/^question\.0\.0\.role: /),
      }),
      expect.objectContaining({
        file: questionFile(dir),
        line: 4,
        reason: expect.stringMatching(/^question\.0: /),
      }),
      {
        category: "simple_python",
        file: questionFile(dir),
        line: 5,
        id: "bad-name",
        reason: expect.stringMatching(/^function\.0\.name: tool names are/),
      },
      {
        category: "simple_python",
        file: answerFile(dir),
        line: 6,
        id: "undefined-fn",
        reason: 'ground_truth.0: names function "g", which entry undefined-fn does not define',
      },
      {
        category: "simple_python",
        file: questionFile(dir),
        line: 7,
        id: "ok-1",
        reason: 'id "ok-1" repeats the entry on line 1',
      },
      expect.objectContaining({
        file: answerFile(dir),
        line: 8,
        id: "ok-2",
        reason: expect.stringMatching(/^not valid JSON/),
      }),
    ]);
  });

  it("skips entries whose answers cannot be paired, and only those", async () => {
    const missing = await load(folder([question("a"), question("b")], [answer("a")]));
    expect(missing.entries.map((e) => e.id)).toEqual(["a"]);
    expect(missing.skipped).toEqual([
      expect.objectContaining({ id: "b", reason: 'no ground truth for entry "b"' }),
    ]);
    const unpaired = await load(folder([question("a"), question("b")], [answer("zz")]));
    expect(unpaired.entries).toEqual([]);
    expect(unpaired.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^cannot pair answers with questions: 1 answer lines for 2 questions/),
      expect.stringMatching(/^cannot pair answers/),
    ]);
  });

  it("applies the limit to records, skipped ones included", async () => {
    const dir = folder(
      [question("a"), "{oops", question("c")],
      [answer("a"), answer("b"), answer("c")],
    );
    const { entries, skipped } = await loadBfcl({ dataDir: dir, limit: 2 });
    expect(entries.map((e) => e.id)).toEqual(["a"]);
    expect(skipped.map((s) => s.line)).toEqual([2]);
  });

  it("throws, saying what to do, when a file is missing", async () => {
    const dir = folder([question("a")]);
    await expect(load(dir)).rejects.toBeInstanceOf(ToolgymError);
    await expect(load(dir)).rejects.toThrow(/possible_answer.*--data/);
    await expect(loadBfcl({ dataDir: dir, categories: ["live_simple"] })).rejects.toThrow(
      /no question file for BFCL category "live_simple" \(looked for BFCL_v4_live_simple\.json, BFCL_v3_live_simple\.json, BFCL_v2_live_simple\.json\)/,
    );
    await expect(loadBfcl({ dataDir: tmpdir() })).rejects.toThrow(/no BFCL question files/);
  });
});
