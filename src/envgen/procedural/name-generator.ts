import type { Rng } from "./rng.js";

// Syllable tables for invented names: no external data, pronounceable, rarely English words.
const ONSETS = [
  "b",
  "d",
  "f",
  "g",
  "k",
  "l",
  "m",
  "n",
  "p",
  "r",
  "s",
  "t",
  "v",
  "z",
  "br",
  "dr",
  "kr",
  "tr",
  "st",
  "th",
  "sh",
  "vel",
  "mor",
  "qu",
];
const VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia"];
const CODAS = ["", "", "", "n", "r", "l", "s", "th", "m", "nd", "rk", "x"];

const COUNTRY_ENDINGS = ["ia", "land", "ora", "istan", "avia", "onia", "ary", "ene"];
const LANGUAGE_ENDINGS = ["ese", "ish", "ic", "an", "i"];
const COMPANY_SUFFIXES = [
  "Corp",
  "Systems",
  "Labs",
  "Group",
  "Works",
  "Industries",
  "Holdings",
  "Dynamics",
];
const PRODUCT_MODELS = ["X", "2", "3", "Pro", "Mini", "Max", "One", "Air", "S", "Neo"];
const EVENT_TYPES = [
  "Festival",
  "Summit",
  "Expo",
  "Games",
  "Fair",
  "Marathon",
  "Congress",
  "Biennale",
];

/**
 * Invented names, unique across one world (a lookup by name must find one entity, and no name
 * may be a whole word of another, so answers cannot be read off a neighbour's name).
 */
export class NameGenerator {
  private readonly used = new Set<string>();
  private readonly words = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** A capitalized invented word of `min`–`max` syllables, never handed out before. */
  word(min = 2, max = 3): string {
    for (;;) {
      const n = this.rng.int(min, max);
      let w = "";
      for (let i = 0; i < n; i++)
        w +=
          this.rng.pick(ONSETS) + this.rng.pick(VOWELS) + (i === n - 1 ? this.rng.pick(CODAS) : "");
      if (w.length < 4 || w.length > 11 || this.words.has(w)) continue;
      this.words.add(w);
      return capitalize(w);
    }
  }

  country(): string {
    return this.unique(() => this.word(1, 2) + this.rng.pick(COUNTRY_ENDINGS));
  }

  city(): string {
    return this.unique(() => this.word(2, 3));
  }

  person(): string {
    return this.unique(() => `${this.word(2, 2)} ${this.word(2, 3)}`);
  }

  company(): string {
    return this.unique(() => `${this.word(2, 2)} ${this.rng.pick(COMPANY_SUFFIXES)}`);
  }

  product(): string {
    return this.unique(() => `${this.word(2, 2)} ${this.rng.pick(PRODUCT_MODELS)}`);
  }

  event(): string {
    return this.unique(() => `${this.word(2, 3)} ${this.rng.pick(EVENT_TYPES)}`);
  }

  language(): string {
    return this.unique(() => this.word(2, 2) + this.rng.pick(LANGUAGE_ENDINGS));
  }

  /** A three-letter currency code, unique, never USD or EUR. */
  currencyCode(): string {
    const letters = "ABCDEFGHJKLMNPRSTVWXYZ";
    return this.unique(() => {
      let code = "";
      for (let i = 0; i < 3; i++) code += letters[this.rng.int(0, letters.length - 1)];
      return code === "USD" || code === "EUR" ? "" : code;
    });
  }

  private unique(make: () => string): string {
    for (;;) {
      const name = make();
      if (name === "" || this.used.has(name.toLowerCase())) continue;
      this.used.add(name.toLowerCase());
      return name;
    }
  }
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
