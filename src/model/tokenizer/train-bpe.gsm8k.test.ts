import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseTokenizerJson } from "./load-tokenizer.js";
import { toTokenizerJson } from "./save-tokenizer.js";
import { trainBpe } from "./train-bpe.js";

// The real thing: GSM8K's training set (~4 MB), from the shared data beside the repository.
const GSM8K = fileURLToPath(new URL("../../../../shared/data/gsm8k/train.jsonl", import.meta.url));

describe.skipIf(!existsSync(GSM8K))("trainBpe on GSM8K", () => {
  const documents = readFileSync(GSM8K, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const { question, answer } = JSON.parse(line) as { question: string; answer: string };
      return `<|user|>${question}<|end|><|assistant|>${answer}<|end|>`;
    });

  it("trains a 2048-token vocabulary that round-trips every document and survives save → load", () => {
    const tokenizer = trainBpe({ corpus: documents, vocabSize: 2048 });
    expect(tokenizer.vocabSize).toBe(2048);
    const reloaded = parseTokenizerJson(JSON.parse(JSON.stringify(toTokenizerJson(tokenizer))));
    let tokens = 0;
    let bytes = 0;
    for (const document of documents) {
      const ids = tokenizer.encode(document);
      tokens += ids.length;
      bytes += Buffer.byteLength(document);
      expect(tokenizer.decode(ids)).toBe(document);
    }
    for (const document of documents.slice(0, 500)) {
      expect(reloaded.encode(document)).toEqual(tokenizer.encode(document));
    }
    // Compression sanity: English with digits split comes to roughly 2.5–3.5 bytes a token.
    expect(bytes / tokens).toBeGreaterThan(2.3);
  });
});
