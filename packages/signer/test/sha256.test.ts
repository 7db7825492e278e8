import { describe, expect, it } from "vitest";
import { NodeSha256 } from "../src/index.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const utf8 = (s: string) => new TextEncoder().encode(s);

describe("NodeSha256", () => {
  it("hashes (FIPS 180-2 'abc')", async () => {
    const h = new NodeSha256();
    h.update(utf8("abc"));
    expect(hex(await h.digest())).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("computes HMAC-SHA-256 when given a secret (RFC 4231 test case 2)", async () => {
    const h = new NodeSha256("Jefe");
    h.update(utf8("what do ya want "));
    h.update(utf8("for nothing?"));
    expect(hex(await h.digest())).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("accepts a binary secret, as the signing-key chain passes one", async () => {
    const key = new Uint8Array(20).fill(0x0b);
    const h = new NodeSha256(key);
    h.update(utf8("Hi There"));
    expect(hex(h.digestSync())).toBe(
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    );
  });

  it("starts over after reset, keeping its secret", async () => {
    const h = new NodeSha256("Jefe");
    h.update(utf8("garbage"));
    h.reset();
    h.update(utf8("what do ya want for nothing?"));
    expect(hex(await h.digest())).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });
});
