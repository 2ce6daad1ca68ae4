import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataFormatError, MathProblemSchema } from "../../core/index.js";
import { evaluateExpression } from "../../env/index.js";
import { numbersClose } from "../../reward/index.js";
import { defaultDataDir } from "../default-data-dir.js";
import { gsm8kFormula } from "./gsm8k-formula.js";
import { loadGsm8k } from "./load-gsm8k.js";
import { loadMawps } from "./load-mawps.js";
import { prefixToInfix } from "./prefix-to-infix.js";

const evaluatesTo = (formula: string, answer: number) => {
  const result = evaluateExpression(formula);
  return result.ok && numbersClose(result.value, answer);
};

describe.skipIf(!existsSync(defaultDataDir("gsm8k")))("loadGsm8k on the real training set", () => {
  it("reads all 7,473 problems; composed formulas evaluate to the answer for nearly all", async () => {
    const problems = await loadGsm8k();
    expect(problems).toHaveLength(7473);
    expect(problems[0]).toEqual({
      id: "gsm8k-train-1",
      question: expect.stringMatching(/^Natalia sold clips/),
      answer: 72,
      formula: "48+(48/2)",
      source: "gsm8k",
    });
    for (const p of problems) MathProblemSchema.parse(p);
    const withFormula = problems.filter((p) => p.formula !== undefined);
    const correct = withFormula.filter((p) => evaluatesTo(p.formula!, p.answer));
    expect(withFormula.length / problems.length).toBeGreaterThan(0.95);
    expect(correct.length / withFormula.length).toBeGreaterThan(0.9);
    expect(await loadGsm8k({ limit: 5 })).toEqual(problems.slice(0, 5));
  });
});

describe.skipIf(!existsSync(defaultDataDir("mawps-asdiv-a")))(
  "loadMawps on the real training set",
  () => {
    it("reads all 3,138 problems with numbers restored and formulas that give the answer", async () => {
      const problems = await loadMawps();
      expect(problems).toHaveLength(3138);
      expect(problems[0]).toEqual({
        id: "mawps-1",
        question:
          "Bryan took a look at his books as well. If Bryan has 56 books in each of his 9 bookshelves, how many books does he have in total?",
        answer: 504,
        formula: "56 * 9",
        source: "mawps-asdiv-a",
      });
      expect(problems[3].formula).toBe("25000 - 1500 * 8");
      for (const p of problems) expect(p.question).not.toMatch(/number\d/);
      const correct = problems.filter((p) => evaluatesTo(p.formula!, p.answer));
      expect(correct.length / problems.length).toBeGreaterThan(0.99);
    });
  },
);

describe("math loader pieces", () => {
  it("writes prefix equations in infix with only the parentheses they need", () => {
    const id = (t: string) => t;
    expect(prefixToInfix("- a - b c", id)).toBe("a - (b - c)");
    expect(prefixToInfix("- - a b c", id)).toBe("a - b - c");
    expect(prefixToInfix("* + a b c", id)).toBe("(a + b) * c");
    expect(prefixToInfix("/ a * b c", id)).toBe("a / (b * c)");
    expect(prefixToInfix("+ a", id)).toBeUndefined();
    expect(prefixToInfix("+ a b c", id)).toBeUndefined();
  });

  it("composes GSM8K annotations, keeping the question's own numbers", () => {
    const solution =
      "She has 3*4=<<3*4=12>>12, then 12+4=<<12+4=16>>16 and 16/2=<<16/2=8>>8.\n#### 8";
    expect(gsm8kFormula(solution, "3 boxes of 4, shared by 2")).toBe("((3*4)+4)/2");
    // 4 is also an intermediate result here, but the question has it: kept literal.
    expect(gsm8kFormula("<<2*2=4>> <<4+1=5>>", "2 and 4")).toBe("4+1");
    expect(gsm8kFormula("no annotations\n#### 3", "q")).toBeUndefined();
  });

  it("names the file and line of a bad record", async () => {
    const dir = mkdtempSync(join(tmpdir(), "toolgym-math-"));
    writeFileSync(
      join(dir, "train.jsonl"),
      '{"question":"q","answer":"#### 3"}\n{"question":"q","answer":"no"}\n',
    );
    await expect(loadGsm8k({ dataDir: dir })).rejects.toThrow(DataFormatError);
    writeFileSync(
      join(dir, "train.csv"),
      "Question,Numbers,Equation,Answer\nq number0,1.0,+ number0,1.0\n",
    );
    await expect(loadMawps({ dataDir: dir })).rejects.toThrow(/train\.csv:2: field "Equation"/);
    // A quoted field may hold commas, quotes and line breaks; a row is named by its last line.
    writeFileSync(
      join(dir, "train.csv"),
      'Question,Numbers,Equation,Answer\r\n"a, ""b""\nnumber0",2.0,number0,2.0\r\n\n"q",1.0,x,1.0\n',
    );
    await expect(loadMawps({ dataDir: dir, limit: 1 })).resolves.toMatchObject([
      { question: 'a, "b"\n2', answer: 2, formula: "2" },
    ]);
    await expect(loadMawps({ dataDir: dir })).rejects.toThrow(/train\.csv:5: field "Equation"/);
    writeFileSync(join(dir, "train.csv"), 'Question,Numbers,Equation,Answer\n"open,1.0,x,1.0\n');
    await expect(loadMawps({ dataDir: dir })).rejects.toThrow(/train\.csv:\d+: .*Quote Not Closed/);
  });
});
