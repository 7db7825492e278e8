import { describe, expect, it } from "vitest";
import { signingKey } from "../src/signing-key.js";

describe("signingKey", () => {
  it("derives AWS's documented example key", () => {
    // "Examples of how to derive a signing key for Signature Version 4" (AWS General Reference).
    const key = signingKey(
      "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      "20120215",
      "us-east-1",
      "iam",
    );
    expect(key.toString("hex")).toBe(
      "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d",
    );
  });

  it("reuses a cached key and tells every part of the scope apart", () => {
    const key = signingKey("secret", "20240101", "us-east-1", "s3");
    expect(signingKey("secret", "20240101", "us-east-1", "s3")).toBe(key);
    const others = [
      signingKey("secreT", "20240101", "us-east-1", "s3"),
      signingKey("secret", "20240102", "us-east-1", "s3"),
      signingKey("secret", "20240101", "us-east-2", "s3"),
      signingKey("secret", "20240101", "us-east-1", "sts"),
    ].map((k) => k.toString("hex"));
    expect(new Set([key.toString("hex"), ...others]).size).toBe(5);
  });

  it("holds a handful of keys, dropping the least recently used", () => {
    const first = signingKey("first", "20240101", "us-east-1", "s3");
    for (let i = 0; i < 7; i++) signingKey(`other-${i}`, "20240101", "us-east-1", "s3");
    // Still among the last eight used: a hit, which also makes it the most recent.
    expect(signingKey("first", "20240101", "us-east-1", "s3")).toBe(first);
    for (let i = 0; i < 8; i++) signingKey(`more-${i}`, "20240101", "us-east-1", "s3");
    const again = signingKey("first", "20240101", "us-east-1", "s3");
    expect(again).not.toBe(first);
    expect(again.equals(first)).toBe(true);
  });
});
