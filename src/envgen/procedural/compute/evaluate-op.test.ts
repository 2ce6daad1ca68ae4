import { describe, expect, it } from "vitest";
import { computeOp } from "./compute-ops.js";
import { evaluateOp } from "./evaluate-op.js";

describe("evaluateOp", () => {
  it("runs the op's deployed source with every option at its default", () => {
    const rates = new Map([
      ["USD", { usd: 1 }],
      ["EUR", { usd: 1.1 }],
    ]);
    expect(evaluateOp("convert_currency", { amount: 10, from: "EUR", to: "USD" }, rates)).toBe(
      "11",
    );
    expect(evaluateOp("convert_units", { value: 1, from: "mi", to: "km" })).toBe("1.61");
    expect(
      evaluateOp("convert_time", { time: "23:30", from_tz: "UTC+00:00", to_tz: "UTC+01:00" }),
    ).toBe("00:30");
    expect(evaluateOp("days_between", { start: "2024-02-28", end: "2024-03-01" })).toBe("2");
    expect(evaluateOp("add_days", { date: "2024-02-28", days: 2 })).toBe("2024-03-01");
    expect(evaluateOp("weekday", { date: "2024-01-01" })).toBe("Monday");
    expect(evaluateOp("difference", { a: 0.3, b: 0.1 })).toBe("0.2");
    expect(evaluateOp("sum", { values: [0.1, 0.2] })).toBe("0.3");
    expect(evaluateOp("average", { values: [1, 2, 2] })).toBe("1.67");
  });

  it("counts a birthday on 29 February as passed only from 1 March", () => {
    expect(evaluateOp("age_on", { birth_date: "2000-02-29", date: "2001-02-28" })).toBe("0");
    expect(evaluateOp("age_on", { birth_date: "2000-02-29", date: "2001-03-01" })).toBe("1");
  });

  it("refuses ops no gold plan uses, and unknown ops", () => {
    expect(computeOp("median").answer).toBeUndefined();
    expect(() => evaluateOp("median", { values: [1] })).toThrow(/not used in gold plans/);
    expect(() => evaluateOp("teleport", {})).toThrow(/no such compute op/);
  });
});
