import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTokenizer } from "./load-tokenizer.js";
import { saveTokenizer } from "./save-tokenizer.js";
import { randomText, seededRandom } from "./test-helpers/random-text.js";
import { TokenizerFormatError } from "./tokenizer-format-error.js";
import { trainBpe } from "./train-bpe.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "toolgym-tokenizer-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("saveTokenizer / loadTokenizer", () => {
  const random = seededRandom(5);
  const corpus = Array.from({ length: 300 }, () => randomText(random, 60));
  const tokenizer = trainBpe({ corpus, vocabSize: 600 });

  it("save → load gives identical encodings and decodings", async () => {
    const path = join(dir, "tokenizer.json");
    await saveTokenizer(path, tokenizer);
    const loaded = await loadTokenizer(path);
    expect(loaded.spec).toEqual(tokenizer.spec);
    const texts = Array.from({ length: 300 }, () => randomText(random));
    for (const text of texts) {
      const ids = tokenizer.encode(text);
      expect(loaded.encode(text)).toEqual(ids);
      expect(loaded.decode(ids)).toBe(text);
    }
    expect(await readdir(dir)).toEqual(["tokenizer.json"]); // no temporary file left behind
  });

  it("writes the vocabulary in id order", async () => {
    const path = join(dir, "ordered.json");
    await saveTokenizer(path, tokenizer);
    const text = await readFile(path, "utf8");
    const vocab = JSON.parse(text).model.vocab as Record<string, number>;
    const inFileOrder = [
      ...text.slice(text.indexOf('"vocab"')).matchAll(/^ {6}(".*"): (\d+),?$/gm),
    ];
    expect(inFileOrder.map((m) => Number(m[2]))).toEqual(tokenizer.spec.tokens.map((_, id) => id));
    expect(inFileOrder.map((m) => JSON.parse(m[1]))).toEqual(tokenizer.spec.tokens);
    expect(Object.keys(vocab)).toHaveLength(tokenizer.vocabSize);
  });

  it("reports invalid JSON with the file name", async () => {
    const path = join(dir, "broken.json");
    await writeFile(path, '{"version": "1.0",');
    const error = await loadTokenizer(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenizerFormatError);
    expect((error as TokenizerFormatError).message).toMatch(`${path}: not valid JSON`);
  });
});
