import { describe, expect, it } from "vitest";
import {
  ageOn,
  civilFromDays,
  daysFromCivil,
  formatIsoDate,
  helperSources,
  parseIsoDate,
  weekdayOf,
} from "./civil-date.js";
import { createRng } from "./rng.js";

type DateFns = {
  daysFromCivil: (y: number, m: number, d: number) => number;
  civilFromDays: (z: number) => number[];
  formatDate: (z: number) => string;
  parseDate: (text: string, format: string) => number;
  weekdayOf: (z: number) => string;
};

// The deployed helpers, evaluated here as the sandbox would run them.
const js = new Function(
  `${helperSources(["formatDate", "parseDate", "weekdayOf", "civilFromDays"]).join("\n")}
  return { daysFromCivil, civilFromDays, formatDate, parseDate, weekdayOf };`,
)() as DateFns;

describe("civil dates", () => {
  it("knows fixed points of the calendar", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(formatIsoDate(daysFromCivil(2000, 2, 29))).toBe("2000-02-29");
    expect(weekdayOf(parseIsoDate("2024-01-01"))).toBe("Monday");
    expect(weekdayOf(parseIsoDate("1969-07-20"))).toBe("Sunday");
    expect(parseIsoDate("2024-03-01") - parseIsoDate("2024-02-28")).toBe(2);
    expect(ageOn("2000-02-29", "2001-02-28")).toBe(0);
    expect(ageOn("2000-02-29", "2001-03-01")).toBe(1);
  });

  it("agrees with the deployed JavaScript on 5,000 random days, in every date format", () => {
    const rng = createRng(9);
    for (let i = 0; i < 5_000; i++) {
      const z = rng.int(daysFromCivil(1600, 1, 1), daysFromCivil(2400, 12, 31));
      const [y, m, d] = civilFromDays(z);
      expect(js.civilFromDays(z)).toEqual([y, m, d]);
      expect(js.daysFromCivil(y, m, d)).toBe(z);
      expect(js.formatDate(z)).toBe(formatIsoDate(z));
      expect(js.weekdayOf(z)).toBe(weekdayOf(z));
      const [dd, mm] = [String(d).padStart(2, "0"), String(m).padStart(2, "0")];
      expect(js.parseDate(formatIsoDate(z), "YYYY-MM-DD")).toBe(z);
      expect(js.parseDate(`${dd}/${mm}/${y}`, "DD/MM/YYYY")).toBe(z);
      expect(js.parseDate(`${mm}/${dd}/${y}`, "MM/DD/YYYY")).toBe(z);
    }
    expect(() => js.parseDate("2021-13-01", "YYYY-MM-DD")).toThrow(/no such date/);
    expect(() => js.parseDate("yesterday", "YYYY-MM-DD")).toThrow(/expected a date/);
  });
});
