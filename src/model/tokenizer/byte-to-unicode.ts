/**
 * GPT-2's reversible byte → printable-character mapping, the alphabet of every byte-level BPE
 * vocabulary (and of Hugging Face `tokenizers`' ByteLevel pre-tokenizer and decoder).
 *
 * Why: BPE merges and vocabularies are stored as text, so each of the 256 byte values needs a
 * visible, non-whitespace character. Printable Latin-1 bytes ('!'..'~', '¡'..'¬', '®'..'ÿ') map
 * to themselves; the other 68 (controls, space, soft hyphen…) map to U+0100 upward in byte
 * order, which is why a space reads as "Ġ" (U+0120) and a newline as "Ċ" (U+010A).
 */
function buildByteToUnicode(): readonly string[] {
  const table: string[] = new Array(256);
  let next = 256;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || b >= 0xae;
    table[b] = String.fromCharCode(printable ? b : next++);
  }
  return table;
}

/** `byteToUnicode[b]` is the one-character string that stands for byte `b`. */
export const byteToUnicode: readonly string[] = buildByteToUnicode();

/** The inverse of {@link byteToUnicode}: character → byte value. */
export const unicodeToByte: ReadonlyMap<string, number> = new Map(
  byteToUnicode.map((char, byte) => [char, byte]),
);
