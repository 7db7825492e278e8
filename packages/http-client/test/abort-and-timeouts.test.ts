import type { AddressInfo } from "node:net";
import { createServer as createTcpServer, type Socket } from "node:net";
import { type Fault, startFaultServer } from "@objstore/testkit";
import { describe, expect, it } from "vitest";
import { ConnectionError, RequestAbortedError, TimeoutError } from "../src/index.js";
import { closeAfterTest, testClient } from "./fixtures.js";

const server = async (...faults: Fault[]) => closeAfterTest(await startFaultServer({ faults }));

describe("abort", () => {
  it("rejects at once when the signal is already aborted", async () => {
    const s = await server();
    const { client } = testClient();
    const err = await client
      .request({ method: "GET", url: `${s.url}/a`, signal: AbortSignal.abort() })
      .catch((e) => e);
    expect(err).toBeInstanceOf(RequestAbortedError);
    expect(err.name).toBe("AbortError");
    expect(s.requests).toHaveLength(0);
  });

  it("aborts a request waiting for headers", async () => {
    const s = await server({ kind: "hang" });
    const { client } = testClient();
    const controller = new AbortController();
    // Abort once the server holds the request, however slow the machine is.
    const poll = setInterval(() => {
      if (s.requests.length > 0) {
        clearInterval(poll);
        controller.abort(new Error("user gave up"));
      }
    }, 5);
    const err = await client
      .request({ method: "GET", url: `${s.url}/a`, signal: controller.signal })
      .catch((e) => e);
    clearInterval(poll);
    expect(err).toBeInstanceOf(RequestAbortedError);
    expect((err.cause as Error).message).toBe("user gave up");
    expect(s.requests).toHaveLength(1);
  });

  it("aborts while the body is read", async () => {
    const s = await server({ kind: "slow-body", afterBytes: 1000, delayMs: 10_000 });
    const { client } = testClient();
    const controller = new AbortController();
    const res = await client.request({
      method: "GET",
      url: `${s.url}/a`,
      signal: controller.signal,
    });
    const reader = res.body.getReader();
    const first = await reader.read();
    expect(first.value?.length).toBeGreaterThan(0);
    setTimeout(() => controller.abort(), 50);
    const err = await (async () => {
      for (;;) {
        const { done } = await reader.read();
        if (done) return undefined;
      }
    })().catch((e) => e);
    expect(err).toBeInstanceOf(RequestAbortedError);
    expect(s.requests).toHaveLength(1);
  });

  it("aborts during a backoff sleep without waiting for it", async () => {
    const s = await server({ kind: "status", status: 503, times: 5 });
    const { client, retries } = testClient(
      {},
      { backoff: { initBackoff: 30_000, maxBackoff: 30_000 } },
    );
    const controller = new AbortController();
    const started = performance.now();
    const pending = client.request({ method: "GET", url: `${s.url}/a`, signal: controller.signal });
    // Abort once the first retry is scheduled, so the abort lands in the backoff sleep however
    // slow the machine is.
    const poll = setInterval(() => {
      if (retries.length > 0) {
        clearInterval(poll);
        setTimeout(() => controller.abort(), 20);
      }
    }, 5);
    const err = await pending.catch((e) => e);
    clearInterval(poll);
    expect(err).toBeInstanceOf(RequestAbortedError);
    expect(err.message).toContain("while waiting to retry");
    expect(retries).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe("timeouts", () => {
  it("connect_timeout fires when the TLS handshake never completes", async () => {
    // A TCP server that accepts and stays silent: the connection opens, the handshake hangs.
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    closeAfterTest({
      close: () => {
        for (const socket of sockets) socket.destroy();
        return new Promise((r) => silent.close(r));
      },
    });
    const { port } = silent.address() as AddressInfo;
    const { client } = testClient({ connect_timeout: "200ms" }, { maxRetries: 1 });
    const err = await client
      .request({ method: "GET", url: `https://127.0.0.1:${port}/a` })
      .catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.kind).toBe("connect");
    expect(err.retries).toBe(1);
    expect(sockets).toHaveLength(2);
  });

  it("timeout covers waiting for headers, and is not retried for a non-idempotent request", async () => {
    const s = await server({ kind: "slow-headers", delayMs: 3_000 });
    const { client } = testClient({ timeout: "200ms" });
    const err = await client
      .request({ method: "POST", url: `${s.url}/a`, body: "x" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.kind).toBe("request");
    expect(err.retries).toBe(0);
    expect(s.requests).toHaveLength(1);
  });

  it("timeout is retried for an idempotent request", async () => {
    const s = await server({ kind: "slow-headers", delayMs: 3_000 });
    const { client } = testClient({ timeout: "300ms" });
    const res = await client.request({ method: "GET", url: `${s.url}/a` });
    expect(res.status).toBe(200);
    expect(s.requests).toHaveLength(2);
  });

  it("timeout covers the body too", async () => {
    const s = await server({ kind: "slow-body", afterBytes: 100, delayMs: 3_000 });
    const { client } = testClient({ timeout: "300ms" });
    const res = await client.request({ method: "GET", url: `${s.url}/a`, resumable: false });
    const err = await res.bytes().catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.kind).toBe("request");
    expect(err.message).toContain("body broke after");
  });

  it("timeout 0 disables the whole-request timeout", async () => {
    const s = await server({ kind: "slow-headers", delayMs: 400 });
    const { client } = testClient({ timeout: 0 });
    const res = await client.request({ method: "POST", url: `${s.url}/a`, body: "x" });
    expect(res.status).toBe(200);
  });

  it("read_timeout fires on an idle gap in the body", async () => {
    const s = await server({ kind: "slow-body", afterBytes: 100, delayMs: 3_000 });
    const { client } = testClient({ read_timeout: "200ms" });
    const res = await client.request({ method: "GET", url: `${s.url}/a`, resumable: false });
    const err = await res.bytes().catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.kind).toBe("read");
  });

  it("read_timeout fires while waiting for headers", async () => {
    const s = await server({ kind: "slow-headers", delayMs: 3_000 });
    const { client } = testClient({ read_timeout: "200ms" });
    const err = await client
      .request({ method: "PUT", url: `${s.url}/a`, body: "x" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.kind).toBe("read");
  });

  it("a slow but moving body is not killed by read_timeout", async () => {
    const s = await server({ kind: "slow-body", afterBytes: 100, delayMs: 150 });
    const { client } = testClient({ read_timeout: "1s" });
    const res = await client.request({ method: "GET", url: `${s.url}/a` });
    expect((await res.bytes()).length).toBe(s.object.length);
  });

  it("a read timeout mid-body of a GET resumes instead of failing", async () => {
    const s = await server({ kind: "slow-body", afterBytes: 1000, delayMs: 3_000 });
    const { client, retries } = testClient({ read_timeout: "200ms" });
    const res = await client.request({ method: "GET", url: `${s.url}/a` });
    expect(Buffer.from(await res.bytes()).equals(Buffer.from(s.object))).toBe(true);
    expect(retries[0]?.resume).toBe(true);
    expect(retries[0]?.error).toBeInstanceOf(TimeoutError);
  });

  it("a truncated body without resume is a ConnectionError", async () => {
    const s = await server({ kind: "truncate-body", afterBytes: 500 });
    const { client } = testClient();
    const res = await client.request({ method: "GET", url: `${s.url}/a`, resumable: false });
    const err = await res.text().catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain("body broke after");
  });
});
