import { createSecureServer } from "node:http2";
import type { AddressInfo } from "node:net";
import { startFaultServer, TEST_CERTIFICATE, TEST_PRIVATE_KEY } from "@objstore/testkit";
import { describe, expect, it } from "vitest";
import { ConnectionError } from "../src/index.js";
import { closeAfterTest, testClient } from "./fixtures.js";

describe("TLS", () => {
  it("rejects an untrusted certificate at once, with a hint, without retrying", async () => {
    const s = closeAfterTest(await startFaultServer({ tls: true }));
    const { client, retries } = testClient();
    const err = await client.request({ method: "GET", url: `${s.url}/a` }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain("root_certificate");
    expect(err.message).toContain("allow_invalid_certificates");
    expect(retries).toHaveLength(0);
    expect(s.requests).toHaveLength(0);
  });

  it("accepts it with allow_invalid_certificates", async () => {
    const s = closeAfterTest(await startFaultServer({ tls: true }));
    const { client } = testClient({ allow_invalid_certificates: true });
    expect((await client.request({ method: "GET", url: `${s.url}/a` })).status).toBe(200);
  });

  it("trusts root_certificate in addition to the system roots", async () => {
    const s = closeAfterTest(await startFaultServer({ tls: true }));
    const { client } = testClient({ root_certificate: TEST_CERTIFICATE });
    const res = await client.request({ method: "GET", url: `${s.url}/a` });
    expect((await res.bytes()).length).toBe(s.object.length);
  });

  it("speaks HTTP/2 to an HTTP/2-only server when http1_only is off, HTTP/1.1 by default", async () => {
    const h2 = createSecureServer({ cert: TEST_CERTIFICATE, key: TEST_PRIVATE_KEY }, (req, res) =>
      res.end(`version ${req.httpVersion}`),
    );
    await new Promise<void>((resolve) => h2.listen(0, "127.0.0.1", resolve));
    closeAfterTest({ close: () => new Promise((r) => h2.close(r)) });
    const url = `https://127.0.0.1:${(h2.address() as AddressInfo).port}/a`;
    const { client } = testClient({ root_certificate: TEST_CERTIFICATE, http1_only: false });
    expect(await (await client.request({ method: "GET", url })).text()).toBe("version 2.0");
    const h1 = testClient({ root_certificate: TEST_CERTIFICATE }, { maxRetries: 0 }).client;
    await expect(h1.request({ method: "GET", url })).rejects.toBeInstanceOf(ConnectionError);
  });
});
