import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deferredProvider } from "../src/deferred-provider.js";
import { S3Store } from "../src/index.js";

const seen: IncomingHttpHeaders[] = [];
const server = createServer((req, res) => {
  seen.push(req.headers);
  res.writeHead(200, {
    "content-length": "3",
    etag: '"e"',
    "last-modified": new Date(0).toUTCString(),
  });
  res.end();
});
let endpoint: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const storeWith = (
  getCredentials: () => Promise<{ accessKeyId: string; secretAccessKey: string }>,
) =>
  new S3Store({
    bucket: "deferred",
    env: false,
    config: { endpoint, region: "us-east-1", allow_http: true },
    retryConfig: { maxRetries: 0 },
    credentialProvider: { getCredentials },
  });

describe("deferred credentials", () => {
  it("builds the provider on the first getCredentials, once, for concurrent callers", async () => {
    let builds = 0;
    const provider = deferredProvider(async () => {
      builds++;
      return { getCredentials: async () => ({ accessKeyId: "AK", secretAccessKey: "SK" }) };
    });
    expect(builds).toBe(0);
    const all = await Promise.all([provider.getCredentials(), provider.getCredentials()]);
    expect(all.map((c) => c.accessKeyId)).toEqual(["AK", "AK"]);
    await provider.getCredentials();
    expect(builds).toBe(1);
  });

  it("asks a store's provider nothing until the first request, then signs with it", async () => {
    let calls = 0;
    const store = storeWith(async () => {
      calls++;
      return { accessKeyId: "AKIDDEFERRED", secretAccessKey: "secret" };
    });
    expect(calls).toBe(0);
    expect((await store.head("a.txt")).size).toBe(3);
    expect(calls).toBe(1);
    expect(seen.at(-1)?.authorization).toContain("Credential=AKIDDEFERRED/");
    await store.close();
  });

  it("reports a provider's failure on the request that needed it", async () => {
    const store = storeWith(async () => {
      throw new Error("no credentials here");
    });
    await expect(store.head("a.txt")).rejects.toThrowError(/no credentials here/);
    await store.close();
  });
});
