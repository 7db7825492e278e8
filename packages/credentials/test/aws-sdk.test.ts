import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { CredentialsError, fromAwsSdkProvider } from "../src/index.js";

describe("fromAwsSdkProvider", () => {
  it("adapts an AWS SDK v3 provider function, keeping token and expiry", async () => {
    const expiration = new Date("2034-01-01T00:00:00Z");
    const p = fromAwsSdkProvider(async () => ({
      accessKeyId: "ASIASDK",
      secretAccessKey: "sdk-secret",
      sessionToken: "sdk-token",
      expiration,
    }));
    const c = await p.getCredentials();
    expect(c).toMatchObject({
      accessKeyId: "ASIASDK",
      secretAccessKey: "sdk-secret",
      sessionToken: "sdk-token",
    });
    expect(c.expiration?.getTime()).toBe(expiration.getTime());
    for (const shown of [inspect(c), JSON.stringify(c), `${c}`])
      expect(shown).not.toContain("sdk-secret");
  });

  it("caches: a long-lived identity is asked for once", async () => {
    let calls = 0;
    const p = fromAwsSdkProvider(async () => {
      calls++;
      return { accessKeyId: "AKID", secretAccessKey: "s" };
    });
    await Promise.all([p.getCredentials(), p.getCredentials(), p.getCredentials()]);
    await p.getCredentials();
    expect(calls).toBe(1);
  });

  it("wraps a provider failure in a CredentialsError", async () => {
    const p = fromAwsSdkProvider(async () => {
      throw Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      });
    });
    const err = await p.getCredentials().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toContain(
      "CredentialsProviderError: Could not load credentials",
    );
  });

  it("rejects a malformed identity", async () => {
    const p = fromAwsSdkProvider(async () => ({ accessKeyId: "AKID" }) as never);
    await expect(p.getCredentials()).rejects.toThrow(/secret access key for "AKID" is missing/);
  });

  it("rejects something that is not a function", () => {
    expect(() => fromAwsSdkProvider({} as never)).toThrow(TypeError);
  });
});
