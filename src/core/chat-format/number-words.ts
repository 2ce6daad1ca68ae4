const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };

const WORD = [...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(SCALES)].join("|");
// A run of number words joined by spaces or hyphens, "and" allowed after a scale word
// ("two hundred and five"). A scale word cannot start a run: "hundred" alone stays a word.
const RUN = new RegExp(
  `\\b(?:${WORD})(?:(?:[ -]|\\s+and\\s+(?=(?:${WORD})\\b))(?:${WORD}))*\\b`,
  "gi",
);

/**
 * Cardinal number words written as digits — "Seven red apples and twenty-two green" becomes
 * "7 red apples and 22 green" — the preprocessing the SVAMP repository applied to ASDiv-A
 * (its problems write small numbers as words; its formulas use digits). Ordinals ("third"),
 * "half", "twice" and "dozen" stay words: they are operations, not numbers in the text. The
 * first letter's case is not kept (a sentence may start with a digit).
 *
 * @example
 * numberWordsToDigits("Seven red apples and two hundred and five green ones") // "7 red apples and 205 green ones"
 */
export function numberWordsToDigits(text: string): string {
  return text.replace(RUN, (run) => {
    const value = numberWordsValue(run);
    if (value !== undefined) return String(value);
    // Not one number ("two and three", "five six"): each word on its own; a lone scale word
    // ("hundred") stays a word.
    return run.replace(/[a-z]+/gi, (word) => {
      const lower = word.toLowerCase();
      const alone = UNITS[lower] ?? TENS[lower];
      return alone === undefined ? word : String(alone);
    });
  });
}

/**
 * The value of a run of number words ("twenty-two", "three hundred and five"), or undefined
 * when the words do not make one number ("five six", a scale word first).
 */
function numberWordsValue(run: string): number | undefined {
  const words = run
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((w) => w !== "and");
  let total = 0;
  let current: number | undefined;
  let last: "unit" | "tens" | "scale" | undefined;
  for (const word of words) {
    if (word in SCALES) {
      if (current === undefined) return undefined;
      const scale = SCALES[word];
      if (scale === 100) current *= 100;
      else {
        total += current * scale;
        current = 0;
      }
      last = "scale";
    } else if (word in TENS) {
      // "twenty thirty" is two numbers, not fifty.
      if (last === "unit" || last === "tens") return undefined;
      current = (current ?? 0) + TENS[word];
      last = "tens";
    } else {
      const unit = UNITS[word];
      if (last === "unit" || (last === "tens" && unit >= 10)) return undefined;
      current = (current ?? 0) + unit;
      last = "unit";
    }
  }
  return current === undefined ? undefined : total + current;
}
