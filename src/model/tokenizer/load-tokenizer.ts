import { readFile } from "node:fs/promises";
import { parseTokenizerJson } from "./parse-tokenizer-json.js";
import type { Tokenizer } from "./tokenizer.js";
import { TokenizerFormatError } from "./tokenizer-format-error.js";

/**
 * Reads a Hugging Face tokenizer.json (byte-level BPE).
 * @throws TokenizerFormatError naming the file and field when the content is unusable
 */
export async function loadTokenizer(path: string): Promise<Tokenizer> {
  const text = await readFile(path, "utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TokenizerFormatError({
      path,
      field: "",
      reason: `not valid JSON: ${(error as Error).message}`,
    });
  }
  return parseTokenizerJson(json, path);
}
