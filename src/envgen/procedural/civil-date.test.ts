import { describe, expect, it } from "vitest";
import {
  civilFromDays,
  daysFromCivil,
  formatClock,
  formatIsoDate,
  formatUtcOffset,
  HOST_HELPERS,
  helperSources,
  parseClock,
  parseIsoDate,
  parseUtcOffset,
  weekdayOf,
} from "./civil-date.js";
import { createRng } from "./rng.js";

describe("civil dates", () => {
  it("knows fixed points of the calendar and the clock", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(formatIsoDate(daysFromCivil(2000, 2, 29))).toBe("2000-02-29");
    expect(weekdayOf(parseIsoDate("2024-01-01"))).toBe("Monday");
    expect(weekdayOf(parseIsoDate("1969-07-20"))).toBe("Sunday");
    expect(parseIsoDate("2024-03-01") - parseIsoDate("2024-02-28")).toBe(2);
    expect(parseUtcOffset("UTC+05:30")).toBe(330);
    expect(formatUtcOffset(-210)).toBe("UTC-03:30");
    expect(formatClock(parseClock("23:45") + 30)).toBe("00:15");
    expect(formatClock(-30)).toBe("23:30");
  });

  it("round-trips 5,000 random days, read in every date format", () => {
    const rng = createRng(9);
    const { parseDate } = HOST_HELPERS;
    for (let i = 0; i < 5_000; i++) {
      const z = rng.int(daysFromCivil(1600, 1, 1), daysFromCivil(2400, 12, 31));
      const [y, m, d] = civilFromDays(z);
      expect(daysFromCivil(y, m, d)).toBe(z);
      expect(parseIsoDate(formatIsoDate(z))).toBe(z);
      const [dd, mm] = [String(d).padStart(2, "0"), String(m).padStart(2, "0")];
      expect(parseDate(`${dd}/${mm}/${y}`, "DD/MM/YYYY")).toBe(z);
      expect(parseDate(`${mm}/${dd}/${y}`, "MM/DD/YYYY")).toBe(z);
      expect(weekdayOf(z + 7)).toBe(weekdayOf(z));
    }
    expect(() => parseIsoDate("2021-13-01")).toThrow(/no such date/);
    expect(() => parseIsoDate("yesterday")).toThrow(/expected a date/);
    expect(() => parseClock("25:00")).toThrow(/expected a time/);
    expect(() => parseUtcOffset("GMT+1")).toThrow(/expected a UTC offset/);
  });

  it("declares each helper once, after the helpers it calls", () => {
    const sources = helperSources(["formatClock", "formatDate", "parseDate", "pad2"]);
    const names = sources.map((src) => /^function (\w+)/.exec(src)?.[1]);
    expect(names).toEqual([
      "pad2",
      "formatClock",
      "civilFromDays",
      "formatDate",
      "daysFromCivil",
      "parseDate",
    ]);
  });
});
