import { inspect } from "node:util";
import { ConfigError } from "@objstore/config-keys";
import { startFaultServer } from "@objstore/testkit";
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { ConnectionError, DEFAULT_USER_AGENT, HttpClient } from "../src/index.js";
import { closeAfterTest, refusedPort, testClient } from "./fixtures.js";

describe("HttpClient basics", () => {
  it("refuses http:// unless allow_http is set, saying how to allow it", async () => {
    const client = closeAfterTest(new HttpClient());
    const err = await client
      .request({ method: "GET", url: "http://127.0.0.1:1/a" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.key).toBe("allow_http");
    expect(err.message).toContain("set allow_http");
    const other = await client.request({ method: "GET", url: "ftp://x/a" }).catch((e) => e);
    expect(other).toBeInstanceOf(ConfigError);
  });

  it("sends objstore/<version> as user agent, plus default headers", async () => {
    const s = closeAfterTest(await startFaultServer());
    expect(DEFAULT_USER_AGENT).toBe(`objstore/${pkg.version}`);
    const { client } = testClient({ default_headers: { "X-Amz-Request-Payer": "requester" } });
    await (await client.request({ method: "GET", url: `${s.url}/a` })).discard();
    expect(s.requests[0]?.headers["user-agent"]).toBe(DEFAULT_USER_AGENT);
    expect(s.requests[0]?.headers["x-amz-request-payer"]).toBe("requester");

    const custom = testClient({ user_agent: "my-app/1" }).client;
    await (await custom.request({ method: "HEAD", url: `${s.url}/a` })).discard();
    expect(s.requests[1]?.headers["user-agent"]).toBe("my-app/1");
  });

  it("reuses the pooled connection for the next request", async () => {
    const s = closeAfterTest(await startFaultServer());
    const { client } = testClient();
    for (let i = 0; i < 3; i++) {
      const res = await client.request({ method: "GET", url: `${s.url}/a` });
      await res.bytes();
    }
    expect(s.requests.map((r) => r.connection)).toEqual([0, 0, 0]);
    expect(s.connections).toBe(1);
  });

  it("never opens more connections per host than pool_max_connections_per_host", async () => {
    const s = closeAfterTest(
      await startFaultServer({ faults: [{ kind: "slow-headers", delayMs: 100, times: 8 }] }),
    );
    const { client } = testClient({ pool_max_connections_per_host: 2 });
    const all = Array.from({ length: 8 }, () =>
      client.request({ method: "GET", url: `${s.url}/a` }).then((r) => r.bytes()),
    );
    await Promise.all(all);
    expect(s.requests).toHaveLength(8);
    expect(s.connections).toBe(2);
  });

  it("keeps the connection after a HEAD (undici would close it by default)", async () => {
    const s = closeAfterTest(await startFaultServer());
    const { client } = testClient();
    for (let i = 0; i < 3; i++)
      await (await client.request({ method: "HEAD", url: `${s.url}/a` })).discard();
    await (await client.request({ method: "GET", url: `${s.url}/a` })).bytes();
    expect(s.requests.map((r) => r.connection)).toEqual([0, 0, 0, 0]);
    expect(s.connections).toBe(1);
  });

  it("returns lower-case headers and a body that is a web stream and async-iterable, read once", async () => {
    const s = closeAfterTest(await startFaultServer());
    const { client } = testClient();
    const res = await client.request({ method: "GET", url: `${s.url}/a` });
    expect(res.headers["content-length"]).toBe(String(s.object.length));
    expect(res.headers.etag).toBe('"v1"');
    expect(res.body).toBeInstanceOf(ReadableStream);
    let n = 0;
    for await (const chunk of res.body) n += chunk.length;
    expect(n).toBe(s.object.length);
    await expect(res.text()).rejects.toThrow(/already consumed/);
  });

  it("is async-iterable itself (resuming a broken body), read once; a break frees the connection", async () => {
    const s = closeAfterTest(
      await startFaultServer({ faults: [{ kind: "reset-mid-body", afterBytes: 10_000 }] }),
    );
    const { client } = testClient();
    const res = await client.request({ method: "GET", url: `${s.url}/a` });
    const chunks: Uint8Array[] = [];
    for await (const chunk of res) chunks.push(chunk);
    expect(Buffer.compare(Buffer.concat(chunks), Buffer.from(s.object))).toBe(0);
    expect(() => res.body).toThrow(/already consumed/);
    const early = await client.request({ method: "GET", url: `${s.url}/a` });
    for await (const chunk of early) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    const after = await client.request({ method: "GET", url: `${s.url}/a` });
    expect((await after.bytes()).length).toBe(s.object.length);
  });

  it("parses client options in any spelling and rejects unknown keys", () => {
    expect(
      () => new HttpClient({ clientOptions: { connectTimeout: "2s", AWS_ALLOW_HTTP: "true" } }),
    ).not.toThrow();
    expect(() => new HttpClient({ clientOptions: { conect_timeout: "2s" } })).toThrow(ConfigError);
    expect(() => new HttpClient({ retryConfig: { max_retries: "lots" } })).toThrow(ConfigError);
  });
});

describe("secrets stay out of errors and inspection", () => {
  it("never shows Authorization or X-Amz-Signature values", async () => {
    const port = await refusedPort();
    const { client } = testClient({}, { maxRetries: 1 });
    const url = `http://127.0.0.1:${port}/b/k?X-Amz-Credential=AKIAEXAMPLE%2F20250101&X-Amz-Signature=deadbeefsignature&x-id=GetObject`;
    const err = await client
      .request({
        method: "GET",
        url,
        headers: {
          Authorization: "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE, Signature=cafebabesig",
        },
        beforeAttempt: (p) => ({ ...p.headers, "x-amz-security-token": "tokensecret" }),
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    const shown = [
      err.message,
      err.url,
      inspect(err, { depth: 10 }),
      JSON.stringify(err),
      String(err.stack),
    ].join("\n");
    for (const secret of ["deadbeefsignature", "cafebabesig", "tokensecret", "AKIAEXAMPLE"]) {
      expect(shown).not.toContain(secret);
    }
    expect(err.url).toContain("x-id=GetObject");
  });

  it("hides default header values and proxy credentials when a client is inspected", () => {
    const client = closeAfterTest(
      new HttpClient({
        clientOptions: {
          default_headers: { "x-amz-server-side-encryption-customer-key": "c2VjcmV0a2V5" },
          proxy_url: "http://user:proxypass@127.0.0.1:3128",
        },
      }),
    );
    const shown = `${inspect(client)}\n${JSON.stringify(client)}`;
    expect(shown).not.toContain("c2VjcmV0a2V5");
    expect(shown).not.toContain("proxypass");
    expect(shown).toContain("x-amz-server-side-encryption-customer-key");
  });
});
