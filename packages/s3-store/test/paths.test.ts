import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidPathError } from "../src/errors.js";
import { encodeKey, encodeQuery, KeyMapper, validatePath } from "../src/paths.js";

describe("paths", () => {
  it.each(["a", "a/b/c", "ünï/日本", "a b/c+d", "x.y", "..a", "a..", "~"])("accepts %s", (p) => {
    expect(validatePath(p)).toBe(p);
  });

  it.each([
    ["", /the path is empty/],
    ["/a", /leading '\/'/],
    ["a/", /trailing '\/'/],
    ["a//b", /empty segment/],
    ["a/./b", /'\.' segments/],
    ["../a", /'\.\.' segments/],
    ["a\nb", /control character U\+000a/],
    ["a\u007fb", /control character U\+007f/],
  ])("refuses %j", (p, message) => {
    expect(() => validatePath(p)).toThrowError(message);
    expect(() => validatePath(p)).toThrow(InvalidPathError);
  });

  it("maps paths under a prefix and back, and checks the key length", () => {
    const m = new KeyMapper("/tenants/42/");
    expect(m.prefix).toBe("tenants/42");
    expect(m.toKey("a.txt")).toBe("tenants/42/a.txt");
    expect(m.toPath("tenants/42/a/b")).toBe("a/b");
    expect(m.toListPrefix()).toBe("tenants/42/");
    expect(m.toListPrefix("logs")).toBe("tenants/42/logs/");
    expect(new KeyMapper().toListPrefix()).toBe("");
    expect(() => m.toKey("é".repeat(600))).toThrowError(/1211 bytes long; S3 allows 1024/);
    expect(() => new KeyMapper("a//b")).toThrow(InvalidPathError);
  });

  it("encodes keys as SigV4 wants: unreserved kept, '/' kept, everything else %XX", () => {
    expect(encodeKey("a b/c+d=e&f?g#h~i%j")).toBe("a%20b/c%2Bd%3De%26f%3Fg%23h~i%25j");
    expect(encodeKey("quote'!()*")).toBe("quote%27%21%28%29%2A");
    expect(encodeKey("日本")).toBe("%E6%97%A5%E6%9C%AC");
  });

  it("round-trips any string key through encoding", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1 }), (key) => {
        const encoded = encodeKey(key);
        expect(encoded).toMatch(/^[A-Za-z0-9\-._~/%]*$/);
        expect(encoded.split("/").map(decodeURIComponent).join("/")).toBe(key);
      }),
    );
  });

  it("builds strict query strings", () => {
    expect(encodeQuery({ uploads: "", b: "x y+z", a: "1", skip: undefined })).toBe(
      "a=1&b=x%20y%2Bz&uploads",
    );
  });
});
