import { describe, expect, it } from "vitest";
import { canonicalPath, canonicalQuery, parseQuery, uriEncode } from "../src/canonical-url.js";
import { SigningError } from "../src/index.js";

describe("uriEncode", () => {
  it.each([
    ["-._~AZaz09", "-._~AZaz09"],
    ["a b", "a%20b"],
    ["!'()*", "%21%27%28%29%2A"],
    ["+/=&?", "%2B%2F%3D%26%3F"],
    ["é", "%C3%A9"],
    ["😀", "%F0%9F%98%80"],
  ])("%s -> %s", (input, expected) => {
    expect(uriEncode(input)).toBe(expected);
  });
});

describe("canonicalPath", () => {
  it.each([
    ["/", "/"],
    ["/a/b.txt", "/a/b.txt"],
    ["/a%20b", "/a%20b"],
    ["/a%2fb", "/a%2Fb"],
    ["/a%2Fb", "/a%2Fb"],
    ["/test$file.text", "/test%24file.text"],
    ["/a!b'c(d)e*f", "/a%21b%27c%28d%29e%2Af"],
    ["/a+b", "/a%2Bb"],
    ["/a:b@c;d=e,f", "/a%3Ab%40c%3Bd%3De%2Cf"],
    ["/100%", "/100%25"],
    ["/%zz", "/%25zz"],
    ["/%C3%A9", "/%C3%A9"],
    ["//double//slash/", "//double//slash/"],
  ])("%s -> %s (never encoded twice)", (input, expected) => {
    expect(canonicalPath(input)).toBe(expected);
  });
});

describe("parseQuery / canonicalQuery", () => {
  const q = (search: string) => parseQuery(new URL(`https://h/${search}`));

  it("decodes keys and values, keeps + literal, keeps empty values", () => {
    expect(q("?a=1&b=x%20y&c=p+q&uploads")).toEqual({ a: "1", b: "x y", c: "p+q", uploads: "" });
  });

  it("collects repeated keys", () => {
    expect(q("?k=2&k=1&k=3")).toEqual({ k: ["2", "1", "3"] });
  });

  it("sorts by key, then by value, with RFC 3986 encoding", () => {
    expect(canonicalQuery({ b: "2", a: "x y", k: ["2", "10"], "a-b": "1", "+": "/" })).toBe(
      "%2B=%2F&a=x%20y&a-b=1&b=2&k=10&k=2",
    );
  });

  it("orders a key before the keys it prefixes", () => {
    expect(canonicalQuery({ "a-b": "1", a: "2" })).toBe("a=2&a-b=1");
  });

  it("rejects invalid percent-encoding, naming the component", () => {
    expect(() => q("?a=%E0%A4%A")).toThrow(SigningError);
    expect(() => q("?a=%E0%A4%A")).toThrow(/%E0%A4%A/);
  });
});
