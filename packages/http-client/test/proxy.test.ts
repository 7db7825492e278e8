import { parseClientOptions } from "@objstore/config-keys";
import { startFaultServer, startForwardProxy, TEST_CERTIFICATE } from "@objstore/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxyFor, proxyPlan } from "../src/proxy.js";
import { closeAfterTest, testClient } from "./fixtures.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("proxyPlan and proxyFor", () => {
  const plan = (options: Record<string, unknown>, env: Record<string, string> = {}) =>
    proxyPlan(parseClientOptions(options), env);
  const via = (
    url: string,
    p = plan({ proxy_url: "http://p:3128", proxy_excludes: ".internal,10.0.0.1,s3.local:9000" }),
  ) => p && proxyFor(new URL(url), p);

  it("applies proxy_url to every URL but the excluded ones (NO_PROXY semantics)", () => {
    expect(via("https://bucket.s3.amazonaws.com/k")).toBe("http://p:3128");
    expect(via("http://minio.internal/k")).toBeUndefined();
    expect(via("http://a.b.internal/k")).toBeUndefined();
    expect(via("http://internal/k")).toBeUndefined();
    expect(via("http://notinternal/k")).toBe("http://p:3128");
    expect(via("http://10.0.0.1:9000/k")).toBeUndefined();
    expect(via("http://s3.local:9000/k")).toBeUndefined();
    expect(via("http://s3.local:9001/k")).toBe("http://p:3128");
    expect(
      via("http://x/k", plan({ proxy_url: "http://p:3128", proxy_excludes: "*" })),
    ).toBeUndefined();
  });

  it("falls back to HTTPS_PROXY / HTTP_PROXY / NO_PROXY only without proxy_url", () => {
    const env = { HTTPS_PROXY: "http://s:1", http_proxy: "http://h:2", NO_PROXY: "localhost" };
    expect(via("https://x/k", plan({}, env))).toBe("http://s:1");
    expect(via("http://x/k", plan({}, env))).toBe("http://h:2");
    expect(via("http://localhost/k", plan({}, env))).toBeUndefined();
    expect(via("http://localhost/k", plan({ proxy_url: "http://p:3" }, env))).toBe("http://p:3");
    expect(plan({}, {})).toBeUndefined();
  });
});

describe("requests through a proxy", () => {
  it("tunnels through proxy_url", async () => {
    const s = closeAfterTest(await startFaultServer());
    const proxy = closeAfterTest(await startForwardProxy());
    const { client } = testClient({ proxy_url: proxy.url });
    const res = await client.request({ method: "GET", url: `${s.url}/a` });
    expect((await res.bytes()).length).toBe(s.object.length);
    expect(proxy.seen).toEqual([`127.0.0.1:${s.port}`]);
  });

  it("sends proxy credentials from the proxy URL", async () => {
    const s = closeAfterTest(await startFaultServer());
    const proxy = closeAfterTest(await startForwardProxy());
    const { client } = testClient({ proxy_url: proxy.url.replace("http://", "http://u:p%40ss@") });
    await (await client.request({ method: "GET", url: `${s.url}/a` })).discard();
    expect(proxy.proxyAuthorizations).toEqual([
      `Basic ${Buffer.from("u:p@ss").toString("base64")}`,
    ]);
  });

  it("bypasses the proxy for proxy_excludes", async () => {
    const s = closeAfterTest(await startFaultServer());
    const proxy = closeAfterTest(await startForwardProxy());
    const { client } = testClient({ proxy_url: proxy.url, proxy_excludes: "127.0.0.1" });
    expect((await client.request({ method: "GET", url: `${s.url}/a` })).status).toBe(200);
    expect(proxy.seen).toEqual([]);
    expect(s.requests).toHaveLength(1);
  });

  it("uses HTTP_PROXY from the environment, and honours NO_PROXY", async () => {
    const s = closeAfterTest(await startFaultServer());
    const proxy = closeAfterTest(await startForwardProxy());
    vi.stubEnv("HTTP_PROXY", proxy.url);
    vi.stubEnv("NO_PROXY", "");
    const viaEnv = testClient().client;
    await (await viaEnv.request({ method: "GET", url: `${s.url}/a` })).discard();
    expect(proxy.seen).toEqual([`127.0.0.1:${s.port}`]);

    vi.stubEnv("NO_PROXY", `127.0.0.1:${s.port}`);
    const excluded = testClient().client;
    await (await excluded.request({ method: "GET", url: `${s.url}/a` })).discard();
    expect(proxy.seen).toHaveLength(1);
  });

  it("reaches an HTTPS endpoint through the tunnel with the endpoint's TLS settings", async () => {
    const s = closeAfterTest(await startFaultServer({ tls: true }));
    const proxy = closeAfterTest(await startForwardProxy());
    const { client } = testClient({ proxy_url: proxy.url, root_certificate: TEST_CERTIFICATE });
    const res = await client.request({ method: "GET", url: `${s.url}/a` });
    expect((await res.bytes()).length).toBe(s.object.length);
    expect(proxy.seen).toEqual([`127.0.0.1:${s.port}`]);
  });
});
