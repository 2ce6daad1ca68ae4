/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian; H. Hinnant's
 * days_from_civil), with no Date object: the generator (here) and the deployed tool code
 * (`JS_HELPERS`, the same algorithms in plain JavaScript) must agree to the day, and a
 * sandbox without a clock or locale still runs the tools. civil-date.test.ts checks they agree.
 */

export const WEEKDAYS = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
] as const;

export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function formatIsoDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${String(y).padStart(4, "0")}-${pad2(m)}-${pad2(d)}`;
}

export function parseIsoDate(text: string): number {
  const [y, m, d] = text.split("-").map(Number);
  return daysFromCivil(y, m, d);
}

export function weekdayOf(days: number): string {
  return WEEKDAYS[(((days + 4) % 7) + 7) % 7];
}

/** Whole years from `birth` to `on` (both ISO dates), as a person's age. */
export function ageOn(birth: string, on: string): number {
  const [y1, m1, d1] = birth.split("-").map(Number);
  const [y2, m2, d2] = on.split("-").map(Number);
  return y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
}

/** Weekdays (Monday–Friday) in [start, end): the near-duplicate of a plain day count. */
export function businessDaysBetween(start: number, end: number): number {
  let count = 0;
  for (let day = start; day < end; day++) {
    const w = (((day + 4) % 7) + 7) % 7;
    if (w !== 0 && w !== 6) count++;
  }
  return count;
}

/** "HH:MM" → minutes after midnight. */
export function parseClock(text: string): number {
  const [h, m] = text.split(":").map(Number);
  return h * 60 + m;
}

export function formatClock(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
}

/** "UTC+05:30" → +330 minutes. */
export function parseUtcOffset(text: string): number {
  const sign = text[3] === "-" ? -1 : 1;
  return sign * parseClock(text.slice(4));
}

export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const a = Math.abs(minutes);
  return `UTC${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * The same algorithms as JavaScript source, one declaration per helper with the helpers it
 * calls, so a tool's code declares only what its ops use (code size is load time in the
 * sandbox). Dates are read in one of three formats (parameter type generalization: formats);
 * a bad date or time throws.
 */
export const JS_HELPERS: Record<string, { deps: readonly string[]; src: string }> = {
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
    deps: ["civilFromDays", "pad2"],
    src: `function formatDate(days) {
    const c = civilFromDays(days);
    return String(c[0]).padStart(4, "0") + "-" + pad2(c[1]) + "-" + pad2(c[2]);
  }`,
  },
  parseDate: {
    deps: ["daysFromCivil"],
    src: `function parseDate(text, f) {
    const parts = String(text).trim().split(f === "YYYY-MM-DD" ? "-" : "/");
    const n = parts.map(Number);
    if (parts.length !== 3 || !parts.every(function (p) { return /^[0-9]+$/.test(p); }))
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
};

/** The helpers' sources with their dependencies, each once, dependencies first. */
export function helperSources(names: Iterable<string>): string[] {
  const done = new Set<string>();
  const out: string[] = [];
  const add = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    for (const dep of JS_HELPERS[name].deps) add(dep);
    out.push(JS_HELPERS[name].src);
  };
  for (const name of names) add(name);
  return out;
}
