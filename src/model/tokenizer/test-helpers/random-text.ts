/**
 * Seeded random Unicode text for the tokenizer's property tests: a mix of the kinds of text
 * that break tokenizers — ASCII words and digits, whitespace runs of every kind, punctuation,
 * combining marks, CJK, emoji (with ZWJ and skin-tone modifiers), a byte-order mark, astral
 * characters, any scalar value at all, and the special tokens' text.
 */
const POOLS: readonly (readonly string[])[] = [
  [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"],
  [..."0123456789"],
  [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2028", "\u000b", "\u0085", "   \n  "],
  [..."!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"],
  ["'s", "'re", "'ll", "n't"],
  ["e\u0301", "\u0301", "\u0308\u0301", "a\u20dd"],
  [..."漢字日本語中文한국어テスト"],
  ["😀", "👩‍💻", "👍🏽", "🇫🇷", "\u{1f600}\u{1f601}"],
  ["\ufeff", "\u200b", "\u200d", "\u{10ffff}", "\u{1d11e}", "\u0000", "\u007f"],
  ["<|user|>", "<|end|>", "<tool_call>", "</tool_call>", "<|endoftext|>", "<|us", "er|>"],
  [..."ñéüßøåçşğıłžΩπ"],
];

/** A deterministic generator (mulberry32) so a failure can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A random well-formed string of up to `maxParts` pieces. */
export function randomText(random: () => number, maxParts = 40): string {
  const parts = Math.floor(random() * (maxParts + 1));
  let text = "";
  for (let i = 0; i < parts; i++) {
    if (random() < 0.08) {
      text += String.fromCodePoint(randomScalar(random));
      continue;
    }
    const pool = POOLS[Math.floor(random() * POOLS.length)];
    const repeat = random() < 0.1 ? 1 + Math.floor(random() * 8) : 1;
    text += pool[Math.floor(random() * pool.length)].repeat(repeat);
  }
  return text;
}

/** Any Unicode scalar value (a code point that is not a surrogate). */
function randomScalar(random: () => number): number {
  for (;;) {
    const codePoint = Math.floor(random() * 0x110000);
    if (codePoint < 0xd800 || codePoint > 0xdfff) return codePoint;
  }
}
