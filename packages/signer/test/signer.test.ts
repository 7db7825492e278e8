import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import type {
  SigningCredentialProvider as CredentialProvider,
  SigningCredentials as Credentials,
} from "../src/index.js";
import { S3Signer, SigningError, UNSIGNED_PAYLOAD } from "../src/index.js";
import examples from "./fixtures/s3-sigv4-examples.json" with { type: "json" };

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const date = new Date(examples.signingDate);

function provider(creds: Credentials): CredentialProvider & { calls: number } {
  return {
    calls: 0,
    async getCredentials() {
      this.calls++;
      return creds;
    },
  };
}

const exampleCreds = provider({
  accessKeyId: examples.accessKeyId,
  secretAccessKey: examples.secretAccessKey,
});

function authParts(authorization: string | undefined) {
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      authorization ?? "",
    );
  if (!m) throw new Error(`unexpected authorization header: ${authorization}`);
  return { credential: m[1], signedHeaders: m[2], signature: m[3] };
}

describe("S3 documentation examples", () => {
  const signer = new S3Signer({ region: examples.region, credentials: exampleCreds });

  for (const example of examples.headerSigned) {
    it(`signs "${example.name}" as documented`, async () => {
      const signed = await signer.sign(
        {
          method: example.method,
          url: example.url,
          headers: example.headers as Record<string, string>,
        },
        { signingDate: date },
      );
      const auth = authParts(signed.headers.authorization);
      expect(auth.credential).toBe("AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request");
      expect(auth.signedHeaders).toBe(example.signedHeaders);
      expect(auth.signature).toBe(example.signature);
      expect(signed.headers["x-amz-date"]).toBe("20130524T000000Z");
      expect(signed.headers["x-amz-content-sha256"]).toBe(EMPTY_SHA256);
    });
  }

  for (const example of examples.presigned) {
    it(`presigns "${example.name}" as documented`, async () => {
      const url = new URL(
        await signer.presign(
          { method: example.method, url: example.url },
          example.expiresInSeconds,
          { signingDate: date },
        ),
      );
      expect(url.origin + url.pathname).toBe(example.url);
      const q = url.searchParams;
      expect(q.get("X-Amz-Algorithm")).toBe("AWS4-HMAC-SHA256");
      expect(q.get("X-Amz-Credential")).toBe(
        "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request",
      );
      expect(q.get("X-Amz-Date")).toBe("20130524T000000Z");
      expect(q.get("X-Amz-Expires")).toBe(String(example.expiresInSeconds));
      expect(q.get("X-Amz-SignedHeaders")).toBe(example.signedHeaders);
      expect(q.get("X-Amz-Signature")).toBe(example.signature);
      expect(q.has("X-Amz-Content-Sha256")).toBe(false);
      expect(q.has("x-amz-content-sha256")).toBe(false);
    });
  }
});

describe("S3Signer.sign", () => {
  const creds = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret/key+value" };
  const signer = new S3Signer({ region: "eu-west-1", credentials: provider(creds) });
  const url = "https://bucket.s3.eu-west-1.amazonaws.com/key";

  it("hashes an in-memory body into x-amz-content-sha256", async () => {
    const signed = await signer.sign({ method: "PUT", url, body: "Welcome to Amazon S3." });
    expect(signed.headers["x-amz-content-sha256"]).toBe(
      "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
    );
    const bytes = await signer.sign({
      method: "PUT",
      url,
      body: new TextEncoder().encode("Welcome to Amazon S3."),
    });
    expect(bytes.headers["x-amz-content-sha256"]).toBe(signed.headers["x-amz-content-sha256"]);
  });

  it("sends UNSIGNED-PAYLOAD when asked or when the body is a stream", async () => {
    const asked = await signer.sign({ method: "PUT", url, body: "abc", unsignedPayload: true });
    expect(asked.headers["x-amz-content-sha256"]).toBe(UNSIGNED_PAYLOAD);
    const stream = await signer.sign({ method: "PUT", url, body: new ReadableStream() });
    expect(stream.headers["x-amz-content-sha256"]).toBe(UNSIGNED_PAYLOAD);
    expect(authParts(stream.headers.authorization).signedHeaders).toContain("x-amz-content-sha256");
  });

  it("keeps a caller-given payload hash", async () => {
    const hash = "a".repeat(64);
    const signed = await signer.sign({
      method: "PUT",
      url,
      headers: { "X-Amz-Content-Sha256": hash },
      body: new ReadableStream(),
    });
    expect(signed.headers["x-amz-content-sha256"]).toBe(hash);
  });

  it("always sends x-amz-content-sha256, even without a body", async () => {
    const signed = await signer.sign({ method: "DELETE", url });
    expect(signed.headers["x-amz-content-sha256"]).toBe(EMPTY_SHA256);
  });

  it("lower-cases header names, leaves host to the URL and signs every given header", async () => {
    const signed = await signer.sign({
      method: "get",
      url,
      headers: { "Content-Type": "text/plain", "X-Amz-Meta-Note": "  two   spaces " },
    });
    expect(signed.method).toBe("GET");
    expect(Object.keys(signed.headers).sort()).toEqual([
      "authorization",
      "content-type",
      "x-amz-content-sha256",
      "x-amz-date",
      "x-amz-meta-note",
    ]);
    expect(authParts(signed.headers.authorization).signedHeaders).toBe(
      "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-note",
    );
  });

  it("drops stale signature headers from an earlier attempt", async () => {
    const first = await signer.sign({ method: "GET", url }, { signingDate: date });
    const again = await signer.sign(
      { method: "GET", url, headers: first.headers },
      { signingDate: new Date(date.getTime() + 60_000) },
    );
    expect(again.headers["x-amz-date"]).toBe("20130524T000100Z");
    expect(again.headers.authorization).not.toBe(first.headers.authorization);
    expect(authParts(again.headers.authorization).signedHeaders).toBe(
      "host;x-amz-content-sha256;x-amz-date",
    );
  });

  it("drops a given date header: x-amz-date dates the signature", async () => {
    const signed = await signer.sign({
      method: "GET",
      url,
      headers: { Date: "Fri, 24 May 2013 00:00:00 GMT" },
    });
    expect(signed.headers.date).toBeUndefined();
    expect(authParts(signed.headers.authorization).signedHeaders).toBe(
      "host;x-amz-content-sha256;x-amz-date",
    );
  });

  it("leaves a URL object it was given as it was", async () => {
    const given = new URL("https://bucket.s3.amazonaws.com/a!b?z=1&a=2");
    const signed = await signer.sign({ method: "GET", url: given });
    expect(given.href).toBe("https://bucket.s3.amazonaws.com/a!b?z=1&a=2");
    expect(signed.url).not.toBe(given);
    expect(signed.url.href).toBe("https://bucket.s3.amazonaws.com/a%21b?a=2&z=1");
  });

  it("returns the URL in the exact form it signed", async () => {
    const signed = await signer.sign({
      method: "GET",
      url: "https://bucket.s3.amazonaws.com/dir/a%20b!(c)?prefix=x%2By&list-type=2&delimiter=%2F&uploads",
    });
    expect(signed.url.pathname).toBe("/dir/a%20b%21%28c%29");
    expect(signed.url.search).toBe("?delimiter=%2F&list-type=2&prefix=x%2By&uploads=");
  });

  it("sends the session token as x-amz-security-token", async () => {
    const s = new S3Signer({
      region: "us-east-1",
      credentials: provider({ ...creds, sessionToken: "SESSION-TOKEN" }),
    });
    const signed = await s.sign({ method: "GET", url });
    expect(signed.headers["x-amz-security-token"]).toBe("SESSION-TOKEN");
    expect(signed.headers["x-amz-s3session-token"]).toBeUndefined();
    expect(authParts(signed.headers.authorization).signedHeaders).toContain("x-amz-security-token");
  });

  it("sends the S3 Express session token as x-amz-s3session-token", async () => {
    const s = new S3Signer({
      region: "us-east-1",
      service: "s3express",
      credentials: provider({ ...creds, sessionToken: "EXPRESS-TOKEN" }),
    });
    const signed = await s.sign({
      method: "GET",
      url: "https://b--use1-az4--x-s3.s3express-use1-az4.us-east-1.amazonaws.com/k",
    });
    expect(signed.headers["x-amz-s3session-token"]).toBe("EXPRESS-TOKEN");
    expect(signed.headers["x-amz-security-token"]).toBeUndefined();
    const auth = authParts(signed.headers.authorization);
    expect(auth.credential).toMatch(/\/us-east-1\/s3express\/aws4_request$/);
    expect(auth.signedHeaders).toContain("x-amz-s3session-token");
  });

  it("asks the provider on every signature, so refreshed credentials are used", async () => {
    const p = provider(creds);
    const s = new S3Signer({ region: "us-east-1", credentials: p });
    await s.sign({ method: "GET", url });
    await s.sign({ method: "GET", url });
    expect(p.calls).toBe(2);
  });

  it("rejects unusable credentials without printing them", async () => {
    const s = new S3Signer({
      region: "us-east-1",
      credentials: provider({ accessKeyId: "", secretAccessKey: "TOPSECRET" }),
    });
    const err = await s.sign({ method: "GET", url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SigningError);
    expect(String(err)).not.toContain("TOPSECRET");
  });

  it("rejects non-http URLs and relative URLs", async () => {
    await expect(signer.sign({ method: "GET", url: "ftp://host/x" })).rejects.toThrow(/ftp: URL/);
    await expect(signer.sign({ method: "GET", url: "/relative" })).rejects.toBeInstanceOf(
      SigningError,
    );
  });

  it("rejects a malformed region or a missing provider at construction", () => {
    expect(() => new S3Signer({ region: "us east", credentials: provider(creds) })).toThrow(
      SigningError,
    );
    expect(
      () => new S3Signer({ region: "us-east-1", credentials: {} as CredentialProvider }),
    ).toThrow(/credential provider/);
  });

  it("never shows the secret or token when inspected or serialised", async () => {
    const secret = { ...creds, sessionToken: "TOKEN-XYZ" };
    const s = new S3Signer({ region: "us-east-1", credentials: provider(secret) });
    await s.sign({ method: "GET", url });
    for (const shown of [inspect(s, { depth: 10, showHidden: true }), JSON.stringify(s), `${s}`]) {
      expect(shown).not.toContain(secret.secretAccessKey);
      expect(shown).not.toContain("TOKEN-XYZ");
    }
  });
});

describe("S3Signer clock skew", () => {
  it("dates signatures by the adopted server clock", async () => {
    const signer = new S3Signer({
      region: "us-east-1",
      credentials: provider({ accessKeyId: "AKID", secretAccessKey: "SECRET" }),
    });
    const local = new Date("2024-01-01T00:00:00Z");
    const offset = signer.adoptServerClock("Mon, 01 Jan 2024 00:15:00 GMT", local);
    expect(offset).toBe(15 * 60_000);
    expect(signer.clockOffsetMs).toBe(15 * 60_000);
    const before = Date.now();
    const signed = await signer.sign({ method: "GET", url: "https://b.s3.amazonaws.com/k" });
    const stamp = signed.headers["x-amz-date"] as string;
    const signedAt = Date.parse(
      stamp.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"),
    );
    // x-amz-date has second precision; allow for it and for a slow machine.
    expect(signedAt - before).toBeGreaterThanOrEqual(15 * 60_000 - 1_000);
    expect(signedAt - before).toBeLessThan(15 * 60_000 + 60_000);
  });

  it("rejects a server time that is not a date", () => {
    const signer = new S3Signer({
      region: "us-east-1",
      credentials: provider({ accessKeyId: "AKID", secretAccessKey: "SECRET" }),
    });
    expect(() => signer.adoptServerClock("yesterday-ish")).toThrow(/not a date/);
    expect(signer.clockOffsetMs).toBe(0);
  });
});

describe("S3Signer.presign", () => {
  const signer = new S3Signer({
    region: "us-east-1",
    credentials: provider({
      accessKeyId: "AKID",
      secretAccessKey: "SECRET",
      sessionToken: "SESSION",
    }),
  });
  const url = "https://bucket.s3.amazonaws.com/a%20b.txt";

  it.each(["GET", "PUT", "HEAD", "DELETE"])("presigns %s", async (method) => {
    const out = new URL(await signer.presign({ method, url }, 60, { signingDate: date }));
    expect(out.pathname).toBe("/a%20b.txt");
    expect(out.searchParams.get("X-Amz-Expires")).toBe("60");
    expect(out.searchParams.get("X-Amz-Security-Token")).toBe("SESSION");
    expect(out.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("signs a different URL for each method", async () => {
    const get = await signer.presign({ method: "GET", url }, 60, { signingDate: date });
    const put = await signer.presign({ method: "PUT", url }, 60, { signingDate: date });
    expect(new URL(get).searchParams.get("X-Amz-Signature")).not.toBe(
      new URL(put).searchParams.get("X-Amz-Signature"),
    );
  });

  it.each([0, -1, 0.5, 604_801, Number.NaN, Number.POSITIVE_INFINITY])(
    "rejects an expiry of %s seconds",
    async (expires) => {
      const err = await signer.presign({ method: "GET", url }, expires).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SigningError);
      expect((err as Error).message).toMatch(/between 1 and 604800/);
    },
  );

  it("accepts the bounds, 1 second and 7 days", async () => {
    await expect(signer.presign({ method: "GET", url }, 1)).resolves.toContain("X-Amz-Expires=1&");
    await expect(signer.presign({ method: "GET", url }, 604_800)).resolves.toContain(
      "X-Amz-Expires=604800&",
    );
  });

  it("refuses methods other than GET, PUT, HEAD and DELETE", async () => {
    await expect(signer.presign({ method: "POST", url }, 60)).rejects.toThrow(/POST/);
  });

  it("moves x-amz-* headers into the query and signs the others", async () => {
    const out = new URL(
      await signer.presign(
        { method: "PUT", url, headers: { "x-amz-acl": "private", "Content-Type": "text/csv" } },
        60,
      ),
    );
    expect(out.searchParams.get("x-amz-acl")).toBe("private");
    expect(out.searchParams.get("X-Amz-SignedHeaders")).toBe("content-type;host");
  });

  it("replaces the signature of a URL it presigned before", async () => {
    const once = await signer.presign({ method: "GET", url }, 60, { signingDate: date });
    const twice = await signer.presign({ method: "GET", url: once }, 60, { signingDate: date });
    expect(twice).toBe(once);
    expect(new URL(twice).searchParams.getAll("X-Amz-Signature")).toHaveLength(1);
  });

  it("puts an S3 Express token in X-Amz-S3session-Token", async () => {
    const express = new S3Signer({
      region: "us-east-1",
      service: "s3express",
      credentials: provider({ accessKeyId: "AKID", secretAccessKey: "S", sessionToken: "EXP" }),
    });
    const out = new URL(await express.presign({ method: "GET", url }, 60));
    expect(out.searchParams.get("X-Amz-S3session-Token")).toBe("EXP");
    expect(out.searchParams.has("X-Amz-Security-Token")).toBe(false);
  });
});
