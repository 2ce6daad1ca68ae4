import { writeFileAtomic } from "../checkpoint/write-file-atomic.js";
import type { Tokenizer } from "./tokenizer.js";
import { tokenizerJsonText } from "./tokenizer-json-text.js";

/** Writes `tokenizer` to `path` as a Hugging Face tokenizer.json, atomically. */
export async function saveTokenizer(path: string, tokenizer: Tokenizer): Promise<void> {
  await writeFileAtomic(path, tokenizerJsonText(tokenizer));
}
