import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DataFormatError, MathProblemSchema } from "../../core/index.js";
import { defaultDataDir } from "../default-data-dir.js";
import { asdivFormula, loadAsdiv } from "./load-asdiv.js";
import { loadMathData } from "./load-math-data.js";
import { loadSvamp } from "./load-svamp.js";

const dir = mkdtempSync(join(tmpdir(), "toolgym-math-data-"));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const problem = (id: string, body: string, answer: string, formula = "7+2=9") =>
  `  <Problem ID="${id}" Grade="1" Source="x">
    <Body>${body}</Body>
    <Question>How many?</Question>
    <Solution-Type>Addition</Solution-Type>
    <Answer>${answer}</Answer>
    <Formula>${formula}</Formula>
  </Problem>`;
const asdivXml = (...problems: string[]) =>
  `<?xml version="1.0" encoding="UTF-8" ?>\n<Machine-Reading-Corpus-File>\n<ProblemSet>\n${problems.join("\n")}\n</ProblemSet>\n</Machine-Reading-Corpus-File>\n`;

describe.skipIf(!existsSync(defaultDataDir("asdiv")))("loadAsdiv on the real data", () => {
  it("reads 2,092 of ASDiv's 2,305 problems and lists the 213 whose answer is not a number", async () => {
    const { problems, skipped } = await loadAsdiv();
    expect(problems).toHaveLength(2092);
    expect(skipped).toHaveLength(213);
    expect(skipped[0]).toMatchObject({
      id: "nluds-0030",
      reason: 'Answer "Mrs. Hilt" is not a number',
    });
    expect(skipped[0].line).toBeGreaterThan(200);
    expect(problems[0]).toEqual({
      id: "nluds-0001",
      question:
        "Seven red apples and two green apples are in the basket. How many apples are in the basket?",
      answer: 9,
      formula: "7+2",
      type: "Addition",
      source: "asdiv",
    });
    for (const p of problems) MathProblemSchema.parse(p);
  });

  it("narrows to ASDiv-A's folds and writes number words as digits", async () => {
    const all = await loadMathData({ data: "asdiv-a" });
    expect(all.problems).toHaveLength(1218);
    expect(all.skipped).toEqual([]);
    const test = await loadMathData({ data: "asdiv-a", folds: [4], digits: true });
    expect(test.problems).toHaveLength(266);
    const train = await loadMathData({ data: "asdiv-a", folds: [0, 1, 2, 3] });
    expect(train.problems).toHaveLength(952);
    const ids = new Set(train.problems.map((p) => p.id));
    expect(test.problems.some((p) => ids.has(p.id))).toBe(false);
    const first = await loadMathData({ data: "asdiv", digits: true, limit: 1 });
    expect(first.problems[0].question).toMatch(/^7 red apples and 2 green apples/);
    await expect(loadMathData({ data: "asdiv-a", folds: [9] })).rejects.toThrow(
      /fold9\.txt: no such fold file/,
    );
  });
});

describe("loadAsdiv on records it is given", () => {
  it("reads problems, skips non-numeric answers, composes multi-step formulas", async () => {
    const file = write(
      "good.xml",
      asdivXml(
        problem("p-1", "Seven &amp; two apples.", "9 (apples)"),
        problem("p-2", "Who has more?", "Yes", "4+5=9 apples &lt; 10 apples"),
        problem("p-3", "Three steps.", "17 (stamps)", "3+5=8; 8-2=6; 3+8+6=17"),
        problem("p-4", "Buses.", "10 (buses)", "86/9=9 r5"),
      ),
    );
    const { problems, skipped } = await loadAsdiv({ file });
    expect(problems.map((p) => [p.id, p.question, p.answer, p.formula])).toEqual([
      ["p-1", "Seven & two apples. How many?", 9, "7+2"],
      ["p-3", "Three steps. How many?", 17, "3+(3+5)+((3+5)-2)"],
      ["p-4", "Buses. How many?", 10, "86/9"],
    ]);
    expect(skipped).toEqual([
      { id: "p-2", file, line: 11, reason: 'Answer "Yes" is not a number' },
    ]);
  });

  it("reads formulas with units and leaves out the ones it cannot read", () => {
    expect(asdivFormula("(2 (hour)*60 (min/hour) + 30 (min))/60 (min/hour)=2.5")).toBe(
      "(2*60+30)/60",
    );
    expect(asdivFormula("LCM[5,10]=10; (10/5)+(10/10)=3")).toBeUndefined();
    expect(asdivFormula("17/10=1 r7; 7/5=1 r2")).toBeUndefined();
    expect(asdivFormula("2 parts(Blue) < 3 parts(Purple)")).toBeUndefined();
  });

  it("names the file, line, problem and element of malformed input", async () => {
    const bad = async (name: string, text: string) => {
      const error = await loadAsdiv({ file: write(name, text) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataFormatError);
      return (error as DataFormatError).message;
    };
    expect(await bad("broken.xml", asdivXml(problem("p-1", "A <b> body", "9")))).toMatch(
      /broken\.xml:5: malformed XML: unexpected close tag/,
    );
    expect(
      await bad(
        "missing.xml",
        asdivXml(
          problem("p-1", "ok", "9"),
          problem("p-2", "ok", "9").replace(/<Formula>.*<\/Formula>/, ""),
        ),
      ),
    ).toMatch(/missing\.xml:11: field "Formula" problem "p-2" has no <Formula>/);
    expect(
      await bad("twice.xml", asdivXml(problem("p-1", "a", "9"), problem("p-1", "b", "9"))),
    ).toMatch(/twice\.xml:11: field "ID" problem "p-1" again \(first on line 4\)/);
    expect(
      await bad("noid.xml", asdivXml(problem("p-1", "a", "9").replace(' ID="p-1"', ""))),
    ).toMatch(/noid\.xml:4: field "ID" a <Problem> without an ID/);
    expect(await bad("empty.xml", asdivXml())).toMatch(/empty\.xml: no <Problem> in the file/);
    await expect(loadAsdiv({ file: join(dir, "nope.xml") })).rejects.toThrow(ConfigError);
  });
});

describe("loadSvamp on records it is given (the challenge set itself is held out)", () => {
  const records = [
    {
      ID: "chal-1",
      Body: "Each pack of dvds costs 76 dollars. If there is a discount of 25 dollars on each pack",
      Question: "How much do you have to pay to buy each pack?",
      Equation: "( 76.0 - 25.0 )",
      Answer: 51.0,
      Type: "Subtraction",
    },
    {
      ID: "chal-2",
      Body: "Dan had 5 pens and bought 3 boxes of 4.",
      Question: "How many pens does he have?",
      Equation: "( 5.0 + ( 3.0 * 4.0 ) )",
      Answer: "17",
      Type: "Addition",
    },
  ];

  it("reads SVAMP's JSON array: question = Body + Question, tidy formula, type", async () => {
    const problems = await loadSvamp({
      file: write("svamp.json", JSON.stringify(records, null, 2)),
    });
    expect(problems).toEqual([
      {
        id: "chal-1",
        question:
          "Each pack of dvds costs 76 dollars. If there is a discount of 25 dollars on each pack How much do you have to pay to buy each pack?",
        answer: 51,
        formula: "76 - 25",
        type: "Subtraction",
        source: "svamp",
      },
      {
        id: "chal-2",
        question: "Dan had 5 pens and bought 3 boxes of 4. How many pens does he have?",
        answer: 17,
        formula: "5 + (3 * 4)",
        type: "Addition",
        source: "svamp",
      },
    ]);
    // Through loadMathData by extension, and the oracle's equations give the answers.
    const { problems: again } = await loadMathData({ data: join(dir, "svamp.json") });
    expect(again).toEqual(problems);
  });

  it("names the file, line, record, ID and field of bad input", async () => {
    const bad = async (name: string, text: string) =>
      ((await loadSvamp({ file: write(name, text) }).catch((e: unknown) => e)) as Error).message;
    expect(await bad("syntax.json", '[\n {"ID": "a",\n  "Body" "x"}\n]')).toMatch(
      /syntax\.json:3: not JSON: /,
    );
    expect(await bad("object.json", "{}")).toMatch(/object\.json: expected a JSON array/);
    const noAnswer = [records[0], { ...records[1], Answer: "seventeen" }];
    expect(await bad("answer.json", JSON.stringify(noAnswer))).toMatch(
      /answer\.json: field "Answer" record 2 \(ID "chal-2"\): expected a number/,
    );
    const noQuestion = [{ ...records[0], Question: undefined }];
    expect(await bad("question.json", JSON.stringify(noQuestion))).toMatch(
      /field "Question" record 1 \(ID "chal-1"\)/,
    );
    expect(await bad("dup.json", JSON.stringify([records[0], records[0]]))).toMatch(
      /field "ID" record 2: ID "chal-1" again \(first in record 1\)/,
    );
    await expect(loadSvamp({ file: join(dir, "none.json") })).rejects.toThrow(ConfigError);
  });
});

describe("loadMathData", () => {
  it("reads files by their extension and toolgym's own problem records", async () => {
    const gsm = write("test.jsonl", '{"question":"2 and 3?","answer":"<<2+3=5>>5\\n#### 5"}\n');
    expect((await loadMathData({ data: gsm })).problems).toEqual([
      { id: "gsm8k-test-1", question: "2 and 3?", answer: 5, formula: "2+3", source: "gsm8k" },
    ]);
    const own = write(
      "problems.jsonl",
      '{"id":"q1","question":"Two and three?","answer":5,"formula":"2+3","source":"mine"}\n',
    );
    const { problems } = await loadMathData({ data: own, digits: true });
    expect(problems[0]).toMatchObject({ id: "q1", question: "2 and 3?" });
    await expect(loadMathData({ data: write("x.txt", "") })).rejects.toThrow(
      /x\.txt: unknown kind of file/,
    );
    await expect(loadMathData({ data: "gsm9k" })).rejects.toThrow(
      /gsm9k: no such file; give a file .* or one of gsm8k, mawps, asdiv, asdiv-a, svamp/,
    );
    await expect(loadMathData({ data: own, folds: [0] })).rejects.toThrow(
      /no problem of .*problems\.jsonl is in fold 0/,
    );
  });
});
