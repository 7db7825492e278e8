import { describe, expect, it } from "vitest";
import { CredentialsError, CredentialsNotFoundError, envProvider } from "../src/index.js";

describe("envProvider", () => {
  it("reads keys, token and expiry", async () => {
    const c = await envProvider({
      env: {
        AWS_ACCESS_KEY_ID: "AKID",
        AWS_SECRET_ACCESS_KEY: "SECRET",
        AWS_SESSION_TOKEN: "TOKEN",
        AWS_CREDENTIAL_EXPIRATION: "2030-01-01T00:00:00Z",
      },
    }).getCredentials();
    expect(c).toMatchObject({
      accessKeyId: "AKID",
      secretAccessKey: "SECRET",
      sessionToken: "TOKEN",
    });
    expect(c.expiration?.toISOString()).toBe("2030-01-01T00:00:00.000Z");
  });

  it("accepts object_store's AWS_TOKEN", async () => {
    const c = await envProvider({
      env: { AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "SECRET", AWS_TOKEN: "T2" },
    }).getCredentials();
    expect(c.sessionToken).toBe("T2");
  });

  it("reads the environment at each call", async () => {
    const env: Record<string, string | undefined> = {
      AWS_ACCESS_KEY_ID: "ONE",
      AWS_SECRET_ACCESS_KEY: "S",
    };
    const p = envProvider({ env });
    expect((await p.getCredentials()).accessKeyId).toBe("ONE");
    env.AWS_ACCESS_KEY_ID = "TWO";
    expect((await p.getCredentials()).accessKeyId).toBe("TWO");
  });

  it("is 'not found' when neither key is set", async () => {
    await expect(envProvider({ env: {} }).getCredentials()).rejects.toBeInstanceOf(
      CredentialsNotFoundError,
    );
  });

  it("is an error, not 'not found', when only one key is set", async () => {
    const err = await envProvider({ env: { AWS_SECRET_ACCESS_KEY: "SECRET-VALUE" } })
      .getCredentials()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err).not.toBeInstanceOf(CredentialsNotFoundError);
    expect((err as Error).message).toMatch(/AWS_ACCESS_KEY_ID is not set/);
    expect((err as Error).message).not.toContain("SECRET-VALUE");
  });
});
