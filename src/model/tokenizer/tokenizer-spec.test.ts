import { describe, expect, it } from "vitest";
import { byteToUnicode, unicodeToByte } from "./tokenizer-spec.js";

describe("byteToUnicode", () => {
  it("maps the 256 bytes to 256 distinct single visible characters", () => {
    expect(byteToUnicode).toHaveLength(256);
    expect(new Set(byteToUnicode).size).toBe(256);
    for (const char of byteToUnicode) {
      expect(char).toHaveLength(1);
      expect(char).not.toMatch(/\s/u);
    }
  });

  it("agrees with GPT-2's table at known points", () => {
    expect(byteToUnicode[0x20]).toBe("Ġ"); // space
    expect(byteToUnicode[0x0a]).toBe("Ċ"); // newline
    expect(byteToUnicode[0x00]).toBe("Ā");
    expect(byteToUnicode[0x41]).toBe("A");
    expect(byteToUnicode[0xad]).toBe("Ń"); // soft hyphen, the last remapped byte below 0xff
    expect(byteToUnicode[0xff]).toBe("ÿ");
  });

  it("is inverted by unicodeToByte", () => {
    byteToUnicode.forEach((char, byte) => {
      expect(unicodeToByte.get(char)).toBe(byte);
    });
  });
});
