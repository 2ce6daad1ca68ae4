import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTokenizer, parseTokenizerJson, type TokenizerJson } from "./load-tokenizer.js";
import { GPT2_PATTERN } from "./pre-tokenize.js";
import { saveTokenizer, toTokenizerJson } from "./save-tokenizer.js";
import { randomText, seededRandom } from "./test-helpers/random-text.js";
import { TokenizerFormatError } from "./tokenizer-format-error.js";
import { byteToUnicode } from "./tokenizer-spec.js";
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

const corpus = Array.from(
  { length: 30 },
  () => "the cat sat on the mat; 12 cats sat. Ünïcödé 漢字",
);
const tokenizer = trainBpe({ corpus, vocabSize: 330 });
/** A fresh copy of the tokenizer's JSON for each test to reshape. */
const json = (): TokenizerJson => structuredClone(toTokenizerJson(tokenizer));

type Path = readonly (string | number)[];
const DELETE = Symbol("delete");

/** Sets (or deletes) the value at `path` inside `root`, whatever the types on the way. */
function damage(root: unknown, path: Path, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === DELETE) delete node[last];
  else node[last] = value;
}
const sample = "<|user|>the cats sat on 12 mats 漢字<|end|>";

function formatError(input: unknown): TokenizerFormatError {
  try {
    parseTokenizerJson(input, "/ckpt/tokenizer.json");
  } catch (error) {
    if (error instanceof TokenizerFormatError) return error;
    throw error;
  }
  throw new Error("expected a TokenizerFormatError");
}

describe("toTokenizerJson", () => {
  it("has the structure Hugging Face tokenizers writes for a byte-level BPE", () => {
    const out = json();
    expect(Object.keys(out)).toEqual([
      "version",
      "truncation",
      "padding",
      "added_tokens",
      "normalizer",
      "pre_tokenizer",
      "post_processor",
      "decoder",
      "model",
    ]);
    expect(out.version).toBe("1.0");
    expect(out.added_tokens[3]).toEqual({
      id: 3,
      content: "<|user|>",
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    });
    expect(out.pre_tokenizer).toEqual({
      type: "Sequence",
      pretokenizers: [
        {
          type: "Split",
          pattern: { Regex: tokenizer.spec.pattern },
          behavior: "Isolated",
          invert: false,
        },
        { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    });
    expect(out.decoder.type).toBe("ByteLevel");
    expect(out.post_processor).toBeNull();
    expect(out.model.type).toBe("BPE");
    expect(out.model.dropout).toBeNull();
    // Special tokens are in the model vocabulary too, with the same ids.
    expect(out.model.vocab["<|user|>"]).toBe(3);
    const space = byteToUnicode[0x20];
    expect(out.model.vocab[space]).toBe(9 + 0x20);
    expect(Object.keys(out.model.vocab)).toHaveLength(tokenizer.vocabSize);
    // Merges as "left right" strings whose concatenation is in the vocabulary.
    for (const merge of out.model.merges as string[]) {
      expect(merge).toMatch(/^\S+ \S+$/);
      expect(out.model.vocab[merge.replace(" ", "")]).toBeTypeOf("number");
    }
  });
});

describe("parseTokenizerJson", () => {
  it("reads back a tokenizer that encodes identically", () => {
    const back = parseTokenizerJson(json());
    expect(back.spec).toEqual(tokenizer.spec);
    expect(back.encode(sample)).toEqual(tokenizer.encode(sample));
  });

  it("reads merges written as [left, right] pairs (tokenizers ≥ 0.20)", () => {
    const input = json();
    input.model.merges = (input.model.merges as string[]).map(
      (m) => m.split(" ") as [string, string],
    );
    expect(parseTokenizerJson(input).encode(sample)).toEqual(tokenizer.encode(sample));
  });

  it("reads GPT-2's layout: ByteLevel pre-tokenizer with its own regex, ByteLevel post-processor", () => {
    const input = json();
    input.pre_tokenizer = {
      type: "ByteLevel",
      add_prefix_space: false,
      trim_offsets: true,
      use_regex: true,
    };
    input.post_processor = {
      type: "ByteLevel",
      add_prefix_space: true,
      trim_offsets: false,
      use_regex: true,
    };
    input.decoder = {
      type: "ByteLevel",
      add_prefix_space: true,
      trim_offsets: true,
      use_regex: true,
    };
    delete input.model.type;
    delete input.model.ignore_merges;
    const gpt2Like = parseTokenizerJson(input);
    expect(gpt2Like.spec.pattern).toBe(GPT2_PATTERN);
    // GPT-2's regex keeps digit runs together, so " 12" is one pre-token there.
    expect(gpt2Like.decode(gpt2Like.encode(sample))).toBe(sample);
  });

  it("accepts added tokens that extend the vocabulary", () => {
    const input = json();
    input.added_tokens.push({ id: tokenizer.vocabSize, content: "<extra>", special: false });
    const extended = parseTokenizerJson(input);
    expect(extended.vocabSize).toBe(tokenizer.vocabSize + 1);
    expect(extended.encode("a<extra>b")).toContain(tokenizer.vocabSize);
    expect(extended.decode(extended.encode("a<extra>b"), { skipSpecialTokens: true })).toBe(
      "a<extra>b",
    );
  });

  it("keeps a token spelled __proto__ like any other key", () => {
    const input = json();
    input.model.vocab = Object.fromEntries([
      ...Object.entries(input.model.vocab),
      ["__proto__", tokenizer.vocabSize],
    ]);
    const withProto = parseTokenizerJson(input);
    expect(withProto.tokenToId("__proto__")).toBe(tokenizer.vocabSize);
    expect(withProto.tokenToId("constructor")).toBeUndefined();
  });

  it.each<[string, Path, unknown, string, RegExp]>([
    ["a missing field", ["model", "merges"], DELETE, "model.merges", /expected array/],
    ["a wrong version", ["version"], "2.0", "version", /"1.0"/],
    ["a negative id", ["added_tokens", 0, "id"], -1, "added_tokens[0].id", />=0/],
    [
      "a normalizer",
      ["normalizer"],
      { type: "NFC" },
      "normalizer",
      /a normalizer is not supported/,
    ],
    ["lstrip", ["added_tokens", 2, "lstrip"], true, "added_tokens[2].lstrip", /not supported/],
    [
      "add_prefix_space",
      ["pre_tokenizer", "pretokenizers", 1, "add_prefix_space"],
      true,
      "pre_tokenizer.pretokenizers[1].add_prefix_space",
      /add_prefix_space: true is not supported/,
    ],
    ["another model", ["model", "type"], "WordPiece", "model.type", /only BPE/],
    ["byte fallback", ["model", "byte_fallback"], true, "model.byte_fallback", /not supported/],
    [
      "a Metaspace pre-tokenizer",
      ["pre_tokenizer", "type"],
      "Metaspace",
      "pre_tokenizer.type",
      /ByteLevel or Sequence/,
    ],
    [
      "a bad merge string",
      ["model", "merges", 0],
      "a b c",
      "model.merges[0]",
      /is not "left right"/,
    ],
    [
      "a merge of unknown tokens",
      ["model", "merges", 1],
      "Ġ qqqq",
      "model.merges[1]",
      /"qqqq" is not in the vocabulary/,
    ],
    ["a gap in ids", ["model", "vocab", "a"], 5000, "model.vocab", /no token has id/],
    ["an id given twice", ["model", "vocab", "a"], 0, "model.vocab", /id 0 is given to both/],
    [
      "an added token at another token's id",
      ["added_tokens", 0, "content"],
      "<|other|>",
      "added_tokens[0]",
      /id 0 is "<\|endoftext\|>"/,
    ],
    [
      "two regex splits",
      ["pre_tokenizer", "pretokenizers", 1, "use_regex"],
      true,
      "pre_tokenizer.pretokenizers[1].use_regex",
      /must be false/,
    ],
    [
      "a bad regex",
      ["pre_tokenizer", "pretokenizers", 0, "pattern", "Regex"],
      "(?<",
      "pre_tokenizer",
      /not a valid JavaScript regular expression/,
    ],
  ])("refuses %s, naming the file and the field", (_name, path, value, field, reason) => {
    const input = json();
    damage(input, path, value);
    const error = formatError(input);
    expect(error.path).toBe("/ckpt/tokenizer.json");
    expect(error.field).toBe(field);
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(`/ckpt/tokenizer.json: ${field}: ${error.reason}`);
  });

  it("refuses what is not an object at all", () => {
    expect(formatError([]).message).toMatch(/^\/ckpt\/tokenizer.json: .*expected object/);
  });
});
