import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listKey, objectSize, startNullServer } from "../src/null-server.js";
import { patternBytes } from "../src/pattern.js";

const AUTH = `AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"a".repeat(64)}`;
let base = "";
let close: () => Promise<void>;

beforeAll(async () => {
  const { server } = await startNullServer({ listKeys: 2500 });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bucket`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

const send = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, headers: { authorization: AUTH, ...init.headers } });

describe("null S3 server", () => {
  it("refuses a request without a SigV4 Authorization header", async () => {
    const res = await fetch(`${base}/bench/obj.1024`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("<Code>AccessDenied</Code>");
    const forged = await fetch(`${base}/bench/obj.1024`, {
      headers: { authorization: "Bearer x" },
    });
    expect(forged.status).toBe(403);
  });

  it("serves the size named by the key, with the deterministic pattern", async () => {
    expect(objectSize("a/b.65536")).toBe(65536);
    expect(objectSize("plain")).toBe(1024);
    const res = await send("/bench/obj.3000");
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(patternBytes(3000));
  });

  it("answers a Range with 206 and the bytes of that range", async () => {
    const res = await send("/bench/obj.100000", { headers: { range: "bytes=1000-1999" } });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe("bytes 1000-1999/100000");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(patternBytes(2000).subarray(1000));
    expect((await send("/bench/obj.10", { headers: { range: "bytes=50-60" } })).status).toBe(416);
  });

  it("answers HEAD with the size and no body, PUT and DELETE without storing", async () => {
    const head = await send("/bench/obj.4096", { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe("4096");
    const put = await send("/bench/new.1024", { method: "PUT", body: new Uint8Array(1024) });
    expect(put.status).toBe(200);
    expect(put.headers.get("etag")).toMatch(/^"/);
    expect((await send("/bench/new.1024", { method: "DELETE" })).status).toBe(204);
  });

  it("lists the virtual keys page by page with continuation tokens", async () => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const q = new URLSearchParams({ "list-type": "2", prefix: "list/" });
      if (token) q.set("continuation-token", token);
      const xml = await (await send(`?${q}`)).text();
      keys.push(...[...xml.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1] as string));
      token = /<NextContinuationToken>([^<]+)</.exec(xml)?.[1];
    } while (token);
    expect(keys).toHaveLength(2500);
    expect(keys[0]).toBe(listKey(0));
    expect(keys.at(-1)).toBe(listKey(2499));
    expect(new Set(keys).size).toBe(2500);
  });

  it("runs a multipart upload: create, parts, complete", async () => {
    const created = await (await send("/bench/big.bin?uploads", { method: "POST" })).text();
    const uploadId = /<UploadId>([^<]+)</.exec(created)?.[1];
    expect(uploadId).toBeTruthy();
    const part = await send(`/bench/big.bin?partNumber=1&uploadId=${uploadId}`, {
      method: "PUT",
      body: new Uint8Array(5 * 1024 * 1024),
    });
    expect(part.headers.get("etag")).toBeTruthy();
    const done = await send(`/bench/big.bin?uploadId=${uploadId}`, {
      method: "POST",
      body: "<CompleteMultipartUpload/>",
    });
    expect(await done.text()).toContain("<CompleteMultipartUploadResult>");
  });
});
