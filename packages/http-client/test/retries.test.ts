import { createServer } from "node:http";
import { Readable } from "node:stream";
import { type Fault, sha256Hex, startFaultServer } from "@objstore/testkit";
import { describe, expect, it } from "vitest";
import { ConnectionError } from "../src/index.js";
import { closeAfterTest, refusedPort, testClient } from "./fixtures.js";

const server = async (...faults: Fault[]) => closeAfterTest(await startFaultServer({ faults }));

describe("retryable statuses", () => {
  it.each([500, 502, 503, 504, 429, 408])("retries %i, for GET and POST alike", async (status) => {
    const s = await server({ kind: "status", status, times: 2 });
    const { client, retries } = testClient();
    const get = await client.request({ method: "GET", url: `${s.url}/a` });
    expect(get.status).toBe(200);
    await get.discard();
    s.inject({ kind: "status", status });
    const post = await client.request({ method: "POST", url: `${s.url}/a`, body: "x" });
    expect(post.status).toBe(200);
    expect(s.requests).toHaveLength(5);
    expect(retries.map((r) => r.status)).toEqual([status, status, status]);
  });

  it.each([400, 401, 403, 404, 409, 412])("returns %i without retrying", async (status) => {
    const s = await server({
      kind: "status",
      status,
      body: `<Error><Code>X${status}</Code></Error>`,
    });
    const { client, retries } = testClient();
    const res = await client.request({ method: "GET", url: `${s.url}/a` });
    expect(res.status).toBe(status);
    expect(await res.text()).toBe(`<Error><Code>X${status}</Code></Error>`);
    expect(s.requests).toHaveLength(1);
    expect(retries).toHaveLength(0);
  });

  it("returns the last retryable response, with its body, once maxRetries is spent", async () => {
    const s = await server({
      kind: "status",
      status: 503,
      body: "<Error><Code>SlowDown</Code></Error>",
      times: 10,
    });
    const { client, retries } = testClient({}, { maxRetries: 3 });
    const res = await client.request({ method: "GET", url: `${s.url}/a` });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("SlowDown");
    expect(s.requests).toHaveLength(4);
    expect(retries.map((r) => r.retry)).toEqual([1, 2, 3]);
  });

  it("stops at retryTimeout even with retries left", async () => {
    const s = await server({ kind: "status", status: 500, times: 1000 });
    const { client } = testClient(
      {},
      { maxRetries: 1000, retryTimeout: 400, backoff: { initBackoff: 50, maxBackoff: 100 } },
    );
    const started = performance.now();
    const res = await client.request({ method: "GET", url: `${s.url}/a` });
    expect(res.status).toBe(500);
    expect(performance.now() - started).toBeLessThan(5_000);
    // 400 ms of budget with sleeps of 50-100 ms: at most 8 retries, at least 3.
    expect(s.requests.length).toBeGreaterThanOrEqual(4);
    expect(s.requests.length).toBeLessThanOrEqual(9);
  });

  it("retries 409 only when retryOnConflict is set", async () => {
    const s = await server({ kind: "status", status: 409 }, { kind: "status", status: 409 });
    const { client } = testClient();
    const url = `${s.url}/a`;
    expect((await client.request({ method: "PUT", url, body: "x" })).status).toBe(409);
    const res = await client.request({ method: "PUT", url, body: "x", retryOnConflict: true });
    expect(res.status).toBe(200);
    expect(s.requests).toHaveLength(3);
  });

  it("retries a 200 with an S3 <Error> body only when retryOnErrorBody is set", async () => {
    const s = await server(
      { kind: "error-body", code: "InternalError" },
      { kind: "error-body", code: "SlowDown" },
    );
    const { client } = testClient();
    const url = `${s.url}/a?uploadId=1`;
    const plain = await client.request({ method: "POST", url, body: "<x/>" });
    expect(plain.status).toBe(200);
    expect(await plain.text()).toContain("<Code>InternalError</Code>");
    const retried = await client.request({
      method: "POST",
      url,
      body: "<x/>",
      retryOnErrorBody: true,
    });
    expect(retried.status).toBe(200);
    expect(await retried.text()).toBe("");
    expect(s.requests).toHaveLength(3);
  });

  it("retries a 400 carrying a throttling code, not other 400s", async () => {
    const s = await server({
      kind: "status",
      status: 400,
      body: "<Error><Code>RequestTimeout</Code></Error>",
    });
    const { client } = testClient();
    const res = await client.request({ method: "PUT", url: `${s.url}/a`, body: "x" });
    expect(res.status).toBe(200);
    expect(s.requests).toHaveLength(2);
  });
});

describe("transport failures", () => {
  it("retries a reset before headers for GET, not for a non-idempotent POST", async () => {
    const s = await server({ kind: "reset-before-headers", times: 2 });
    const { client } = testClient();
    expect((await client.request({ method: "GET", url: `${s.url}/a` })).status).toBe(200);
    expect(s.requests).toHaveLength(3);

    s.inject({ kind: "reset-before-headers" });
    const err = await client
      .request({ method: "POST", url: `${s.url}/a`, body: "x" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.retries).toBe(0);
    expect(s.requests).toHaveLength(4);
  });

  it("retries a reset for a request marked idempotent", async () => {
    const s = await server({ kind: "reset-before-headers" });
    const { client } = testClient();
    const res = await client.request({
      method: "PUT",
      url: `${s.url}/a`,
      body: "x",
      idempotent: true,
    });
    expect(res.status).toBe(200);
    expect(s.requests).toHaveLength(2);
  });

  it("retries a refused connection even for a non-idempotent request", async () => {
    const port = await refusedPort();
    const late = createServer((_req, res) => res.end("late"));
    closeAfterTest({ close: () => new Promise((r) => late.close(r)) });
    setTimeout(() => late.listen(port, "127.0.0.1"), 150);
    const { client, retries } = testClient(
      {},
      { backoff: { initBackoff: 50, maxBackoff: 100 }, maxRetries: 100 },
    );
    const res = await client.request({
      method: "POST",
      url: `http://127.0.0.1:${port}/a`,
      body: "x",
    });
    expect(await res.text()).toBe("late");
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]?.error).toBeInstanceOf(ConnectionError);
  });

  it("gives up on a refused connection with a typed error saying how many retries were made", async () => {
    const port = await refusedPort();
    const { client } = testClient({}, { maxRetries: 2 });
    const err = await client
      .request({ method: "GET", url: `http://127.0.0.1:${port}/a` })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.retries).toBe(2);
    expect(err.message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/a failed after 2 retries: .*ECONNREFUSED/,
    );
    expect(err.cause).toBeDefined();
  });
});

describe("request bodies on retry", () => {
  const payload = Buffer.alloc(256 * 1024, 7);

  it("replays bytes and reopenable sources in full", async () => {
    const s = await server({ kind: "status", status: 503 });
    const { client } = testClient();
    await client.request({ method: "PUT", url: `${s.url}/a`, body: payload });
    s.inject({ kind: "status", status: 503 });
    let opened = 0;
    const open = () => {
      opened++;
      return Readable.from([payload.subarray(0, 1000), payload.subarray(1000)]);
    };
    await client.request({ method: "PUT", url: `${s.url}/b`, body: open });
    expect(opened).toBe(2);
    expect(s.requests.map((r) => r.bodySha256)).toEqual(Array(4).fill(sha256Hex(payload)));
  });

  it("does not retry a one-shot stream once it was read", async () => {
    const s = await server({ kind: "status", status: 503 });
    const { client } = testClient();
    const res = await client.request({
      method: "PUT",
      url: `${s.url}/a`,
      body: Readable.from([payload]),
      idempotent: true,
    });
    expect(res.status).toBe(503);
    expect(s.requests).toHaveLength(1);
  });

  it("retries a one-shot stream when the connection failed before it was read", async () => {
    const port = await refusedPort();
    const late = createServer(async (req, res) => {
      let n = 0;
      for await (const chunk of req) n += (chunk as Buffer).length;
      res.end(String(n));
    });
    closeAfterTest({ close: () => new Promise((r) => late.close(r)) });
    setTimeout(() => late.listen(port, "127.0.0.1"), 150);
    const { client } = testClient(
      {},
      { backoff: { initBackoff: 50, maxBackoff: 100 }, maxRetries: 100 },
    );
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(payload);
        controller.close();
      },
    });
    const res = await client.request({ method: "POST", url: `http://127.0.0.1:${port}/a`, body });
    expect(await res.text()).toBe(String(payload.length));
  });
});

describe("beforeAttempt", () => {
  it("is called before every attempt and its headers are the ones sent", async () => {
    const s = await server({ kind: "status", status: 500 }, { kind: "reset-before-headers" });
    const { client } = testClient();
    const seen: string[] = [];
    let n = 0;
    const res = await client.request({
      method: "GET",
      url: `${s.url}/a`,
      headers: { "X-Custom": "1" },
      beforeAttempt: async (prepared) => {
        seen.push(`${prepared.method} ${prepared.url.pathname} ${prepared.headers["x-custom"]}`);
        return { ...prepared.headers, authorization: `sig-${++n}` };
      },
    });
    expect(res.status).toBe(200);
    expect(seen).toEqual(["GET /a 1", "GET /a 1", "GET /a 1"]);
    expect(s.requests.map((r) => r.headers.authorization)).toEqual(["sig-1", "sig-2", "sig-3"]);
  });
});
