import { describe, expect, it } from "vitest";
import { ConfigError } from "../core/index.js";
import { COMPLEXITY_PRESETS, parseComplexity } from "./complexity-presets.js";

describe("parseComplexity", () => {
  it("reads presets, overrides on a preset, and overrides alone on top of medium", () => {
    expect(parseComplexity("none")).toEqual(COMPLEXITY_PRESETS.none);
    expect(parseComplexity("high,distractors=6")).toEqual({
      ...COMPLEXITY_PRESETS.high,
      distractors: 6,
    });
    expect(parseComplexity("functional=1,near=0")).toEqual({
      ...COMPLEXITY_PRESETS.medium,
      functionalGeneralization: 1,
      nearDuplicates: 0,
    });
  });

  it("names what is wrong", () => {
    expect(() => parseComplexity("extreme")).toThrow(ConfigError);
    expect(() => parseComplexity("extreme")).toThrow(
      /functional, expansion, types, distractors, near/,
    );
    expect(() => parseComplexity("types=2")).toThrow(/probability in \[0, 1\]/);
    expect(() => parseComplexity("distractors=1.5")).toThrow(/count/);
  });
});
