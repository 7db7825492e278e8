import { inspect } from "node:util";
import { S3Signer, type SigningCredentialProvider } from "@objstore/signer";
import { describe, expect, it } from "vitest";
import { CredentialsError, createCredentials, staticProvider } from "../src/index.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN";

describe("createCredentials", () => {
  it("keeps the fields and parses the expiry", () => {
    const c = createCredentials({
      accessKeyId: "AKID",
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
      expiration: "2030-01-02T03:04:05Z",
    });
    expect(c.accessKeyId).toBe("AKID");
    expect(c.secretAccessKey).toBe(SECRET);
    expect(c.sessionToken).toBe(TOKEN);
    expect(c.expiration?.toISOString()).toBe("2030-01-02T03:04:05.000Z");
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("accepts an expiry as epoch milliseconds or a Date", () => {
    const at = Date.UTC(2031, 0, 1);
    expect(
      createCredentials({
        accessKeyId: "A",
        secretAccessKey: "S",
        expiration: at,
      }).expiration?.getTime(),
    ).toBe(at);
    expect(
      createCredentials({
        accessKeyId: "A",
        secretAccessKey: "S",
        expiration: new Date(at),
      }).expiration?.getTime(),
    ).toBe(at);
  });

  it("prints redacted through inspect, JSON and template strings", () => {
    const c = createCredentials({
      accessKeyId: "AKID",
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
    });
    for (const shown of [
      inspect(c),
      inspect({ nested: c }, { depth: 5 }),
      JSON.stringify(c),
      `${c}`,
      String(c),
    ]) {
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain(TOKEN);
    }
    expect(JSON.parse(JSON.stringify(c))).toEqual({
      accessKeyId: "AKID",
      secretAccessKey: "***",
      sessionToken: "***",
    });
    expect(inspect(c)).toContain("AKID");
  });

  it.each([
    [{ accessKeyId: "", secretAccessKey: SECRET }, /access key id/],
    [{ accessKeyId: "AKID", secretAccessKey: "" }, /secret access key for "AKID"/],
    [
      { accessKeyId: "AKID", secretAccessKey: SECRET, expiration: "soon" },
      /invalid credential expiration "soon"/,
    ],
  ])("rejects %o with a clear error", (input, message) => {
    const err = (() => {
      try {
        createCredentials(input);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain(SECRET);
  });
});

describe("staticProvider", () => {
  it("returns the same credentials every time", async () => {
    const p = staticProvider({ accessKeyId: "AKID", secretAccessKey: SECRET });
    const a = await p.getCredentials();
    expect(await p.getCredentials()).toBe(a);
    expect(a.sessionToken).toBeUndefined();
  });

  it("checks its input at once", () => {
    expect(() => staticProvider({ accessKeyId: "AKID", secretAccessKey: "" })).toThrow(
      CredentialsError,
    );
  });

  it("prints without the secret", () => {
    const p = staticProvider({ accessKeyId: "AKID", secretAccessKey: SECRET, sessionToken: TOKEN });
    for (const shown of [inspect(p), JSON.stringify(p), `${p}`]) {
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain(TOKEN);
      expect(shown).toContain("AKID");
    }
  });
});

describe("providers and @objstore/signer", () => {
  it("plug into S3Signer as they are, session token included", async () => {
    const provider: SigningCredentialProvider = staticProvider({
      accessKeyId: "AKID",
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
    });
    const signer = new S3Signer({ region: "us-east-1", credentials: provider });
    const signed = await signer.sign({ method: "GET", url: "https://bucket.s3.amazonaws.com/k" });
    expect(signed.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\//);
    expect(signed.headers["x-amz-security-token"]).toBe(TOKEN);
  });
});
