import { describe, expect, it } from "vitest";
import {
  ConfigError,
  parseBoolean,
  parseDuration,
  parseHttpUrl,
  parseNonNegativeInteger,
  parseNumber,
} from "../src/index.js";

describe("parseBoolean", () => {
  it.each([
    ["true", true],
    ["TRUE", true],
    ["1", true],
    ["yes", true],
    ["On", true],
    ["y", true],
    [true, true],
    [1, true],
    ["false", false],
    ["0", false],
    ["No", false],
    ["OFF", false],
    ["n", false],
    [false, false],
    [0, false],
  ] as const)("%s -> %s", (input, expected) => {
    expect(parseBoolean(input)).toBe(expected);
  });

  it.each(["", "maybe", "2", "tru", 2, null])("rejects %s naming the key", (input) => {
    expect(() => parseBoolean(input, "skip_signature")).toThrowError(
      /invalid boolean .* for "skip_signature"/,
    );
    expect(() => parseBoolean(input)).toThrow(ConfigError);
  });
});

describe("parseDuration", () => {
  it.each([
    [250, 250],
    ["250", 250],
    ["500ms", 500],
    ["30s", 30_000],
    ["1.5s", 1500],
    ["2 minutes", 120_000],
    ["1h 30m", 5_400_000],
    ["1h30m", 5_400_000],
    ["2 MIN", 120_000],
    ["1d", 86_400_000],
    ["1500us", 1.5],
    [0, 0],
  ] as const)("%s -> %d ms", (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each([
    "",
    "abc",
    "5 fortnights",
    "-1s",
    "s",
    "1s x",
    -5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ])("rejects %s", (input) => {
    expect(() => parseDuration(input, "timeout")).toThrowError(/invalid duration .* for "timeout"/);
  });
});

describe("numbers and URLs", () => {
  it("parses integers and rejects fractions and negatives", () => {
    expect(parseNonNegativeInteger("12", "k")).toBe(12);
    expect(parseNonNegativeInteger(0, "k")).toBe(0);
    expect(() => parseNonNegativeInteger("1.5", "k")).toThrow(/expected an integer >= 0/);
    expect(() => parseNonNegativeInteger(-1, "k")).toThrow(ConfigError);
  });

  it("parses bounded numbers", () => {
    expect(parseNumber("2.5", "base", 1)).toBe(2.5);
    expect(() => parseNumber("0.5", "base", 1)).toThrow(/"base": expected a number >= 1/);
    expect(() => parseNumber("", "base", 1)).toThrow(ConfigError);
  });

  it("accepts http(s) URLs only and never echoes embedded credentials", () => {
    expect(parseHttpUrl("http://127.0.0.1:9000", "endpoint")).toBe("http://127.0.0.1:9000");
    expect(() => parseHttpUrl("ftp://host", "endpoint")).toThrow(/"endpoint".*scheme "ftp:"/);
    expect(() => parseHttpUrl("not a url", "endpoint")).toThrow(/unparseable/);
    try {
      parseHttpUrl("ftp://user:hunter2@host", "endpoint");
    } catch (err) {
      expect(String(err)).not.toContain("hunter2");
      expect((err as ConfigError).value).not.toContain("hunter2");
    }
  });
});
