/**
 * Calendar and clock arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian;
 * H. Hinnant's days_from_civil) and minutes, with no Date object, so a sandbox without a clock
 * or locale runs it.
 *
 * Written once, as the JavaScript source the deployed tools declare (`JS_HELPERS`), and
 * evaluated here once so the generator computes with the very code the sandbox runs: the two
 * cannot disagree by a day. Why source text and not a TypeScript function's `.toString()`: the
 * text of a compiled function depends on the compiler (tsc for dist/, esbuild under vitest and
 * tsx, which also rewrites references to imports), so the deployed code, and with it the
 * environment files, would differ by how toolgym was run.
 */

/**
 * The helpers as JavaScript source, one declaration each with the helpers it calls, so a tool's
 * code declares only what its ops use (code size is load time in the sandbox). Dates are read in
 * one of three formats (parameter type generalization: formats); a bad date or time throws.
 */
export const JS_HELPERS = {
  pad2: { deps: [], src: `function pad2(n) { return String(n).padStart(2, "0"); }` },
  daysFromCivil: {
    deps: [],
    src: `function daysFromCivil(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    const era = Math.floor(y / 400), yoe = y - era * 400;
    const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
    return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  }`,
  },
  civilFromDays: {
    deps: [],
    src: `function civilFromDays(z) {
    z += 719468;
    const era = Math.floor(z / 146097), doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153), m = mp < 10 ? mp + 3 : mp - 9;
    return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, doy - Math.floor((153 * mp + 2) / 5) + 1];
  }`,
  },
  formatDate: {
    deps: ["civilFromDays"],
    src: `function formatDate(days) {
    const c = civilFromDays(days);
    return String(c[0]).padStart(4, "0") + "-" + String(c[1]).padStart(2, "0") + "-" + String(c[2]).padStart(2, "0");
  }`,
  },
  // Three parts of digits only, tested as one string: joined with commas, which no part then holds.
  parseDate: {
    deps: ["daysFromCivil"],
    src: `function parseDate(text, f) {
    const parts = String(text).trim().split(f === "YYYY-MM-DD" ? "-" : "/");
    const n = parts.map(Number);
    if (parts.length !== 3 || !/^[0-9]+,[0-9]+,[0-9]+$/.test(parts.join()))
      throw new Error("expected a date as " + f + ", got " + JSON.stringify(text));
    const ymd = f === "YYYY-MM-DD" ? n : f === "DD/MM/YYYY" ? [n[2], n[1], n[0]] : [n[2], n[0], n[1]];
    if (ymd[1] < 1 || ymd[1] > 12 || ymd[2] < 1 || ymd[2] > 31) throw new Error("no such date: " + JSON.stringify(text));
    return daysFromCivil(ymd[0], ymd[1], ymd[2]);
  }`,
  },
  weekdayOf: {
    deps: [],
    src: `function weekdayOf(days) {
    return ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][(((days + 4) % 7) + 7) % 7];
  }`,
  },
  parseClock: {
    deps: [],
    src: `function parseClock(text) {
    const m = /^([0-9]{1,2}):([0-9]{2})$/.exec(String(text).trim());
    if (m === null || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error("expected a time as HH:MM, got " + JSON.stringify(text));
    return Number(m[1]) * 60 + Number(m[2]);
  }`,
  },
  parseOffset: {
    deps: [],
    src: `function parseOffset(text) {
    const m = /^UTC([+-])([0-9]{2}):([0-9]{2})$/.exec(String(text).trim().toUpperCase());
    if (m === null) throw new Error("expected a UTC offset such as UTC+05:30, got " + JSON.stringify(text));
    return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  }`,
  },
  formatClock: {
    deps: ["pad2"],
    src: `function formatClock(minutes) {
    const m = ((minutes % 1440) + 1440) % 1440;
    return pad2(Math.floor(m / 60)) + ":" + pad2(m % 60);
  }`,
  },
} as const satisfies Record<string, { deps: readonly string[]; src: string }>;

export type HelperName = keyof typeof JS_HELPERS;
export type DateFormat = "YYYY-MM-DD" | "DD/MM/YYYY" | "MM/DD/YYYY";

/** The helpers' sources with their dependencies, each once, dependencies first. */
export function helperSources(names: Iterable<HelperName>): string[] {
  const done = new Set<HelperName>();
  const out: string[] = [];
  const add = (name: HelperName) => {
    if (done.has(name)) return;
    done.add(name);
    for (const dep of JS_HELPERS[name].deps) add(dep);
    out.push(JS_HELPERS[name].src);
  };
  for (const name of names) add(name);
  return out;
}

const HELPER_NAMES = Object.keys(JS_HELPERS) as HelperName[];

/** The helpers evaluated on the host: the same functions the deployed code declares. */
export const HOST_HELPERS = new Function(
  `${helperSources(HELPER_NAMES).join("\n")}\nreturn { ${HELPER_NAMES.join(", ")} };`,
)() as {
  pad2(n: number): string;
  daysFromCivil(y: number, m: number, d: number): number;
  civilFromDays(days: number): [year: number, month: number, day: number];
  formatDate(days: number): string;
  parseDate(text: string, format: DateFormat): number;
  weekdayOf(days: number): string;
  parseClock(text: string): number;
  parseOffset(text: string): number;
  formatClock(minutes: number): string;
} satisfies Record<HelperName, unknown>;

export const { daysFromCivil, civilFromDays, weekdayOf, parseClock, formatClock } = HOST_HELPERS;

/** Day number → "YYYY-MM-DD". */
export const formatIsoDate = HOST_HELPERS.formatDate;

/** "YYYY-MM-DD" → day number. */
export function parseIsoDate(text: string): number {
  return HOST_HELPERS.parseDate(text, "YYYY-MM-DD");
}

/** "UTC+05:30" → +330 minutes. */
export const parseUtcOffset = HOST_HELPERS.parseOffset;

/** +330 minutes → "UTC+05:30" (the generator writes offsets; no deployed code does). */
export function formatUtcOffset(minutes: number): string {
  const a = Math.abs(minutes);
  const { pad2 } = HOST_HELPERS;
  return `UTC${minutes < 0 ? "-" : "+"}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}
