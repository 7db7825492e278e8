import { createHash } from "node:crypto";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { TEST_CERTIFICATE, TEST_PRIVATE_KEY } from "./tls-fixture.js";

/**
 * One misbehaviour, applied to the next request(s) the server receives. `times` (default 1)
 * repeats it for that many requests, so `{ kind: "status", status: 503, times: 3 }` is a burst.
 */
export type Fault = { times?: number } & (
  | { kind: "reset-before-headers" }
  | { kind: "reset-mid-body"; afterBytes: number }
  | { kind: "truncate-body"; afterBytes: number }
  | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
  | { kind: "error-body"; code: string }
  | { kind: "slow-headers"; delayMs: number }
  | { kind: "slow-body"; afterBytes: number; delayMs: number }
  | { kind: "hang" }
);

/** What the server saw of one request. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Bytes of the request body and their SHA-256 (hex), once fully read. */
  bodyLength: number;
  bodySha256: string;
  /** Index of the TCP connection (0-based, in accept order) that carried the request. */
  connection: number;
  /** The fault applied to this request, if any. */
  fault?: Fault["kind"];
}

/** Options of {@link startFaultServer}. */
export interface FaultServerOptions {
  /** The object served to GET/HEAD (any path). Default: 64 KiB of deterministic bytes. */
  object?: Uint8Array;
  /** Its ETag, quoted. Default: `"v1"`. Change it later with `setEtag`. */
  etag?: string;
  /** Serve HTTPS with {@link TEST_CERTIFICATE} instead of plain HTTP. Default false. */
  tls?: boolean;
  /** Faults to apply, in order, from the first request on. More can be queued with `inject`. */
  faults?: Fault[];
}

/** A running fault server. Close it with `close()`. */
export interface FaultServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly port: number;
  /** Every request received so far, oldest first. */
  readonly requests: RecordedRequest[];
  /** Number of TCP connections accepted so far. */
  readonly connections: number;
  /** The object served and its current ETag. */
  readonly object: Uint8Array;
  readonly etag: string;
  /** Queues faults after those already pending. */
  inject(...faults: Fault[]): void;
  /** Serves a new ETag from now on (If-Match with the old one then gets 412). */
  setEtag(etag: string): void;
  /** Faults not yet applied. */
  pendingFaults(): number;
  close(): Promise<void>;
}

/**
 * Deterministic pseudo-random bytes (xorshift), so tests can build large objects cheaply and
 * compare hashes.
 *
 * @example
 * ```ts
 * const data = patternBytes(32 * 1024 * 1024);
 * ```
 */
export function patternBytes(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** SHA-256 of bytes as hex, for comparing large bodies in tests. */
export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Parses `bytes=a-b`, `bytes=a-` and `bytes=-n` against a length; undefined when unsatisfiable. */
function parseRange(header: string, size: number): [number, number] | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined;
  const [, a = "", b = ""] = m;
  if (a === "" && b === "") return undefined;
  if (a === "") return size === 0 ? undefined : [Math.max(0, size - Number(b)), size - 1];
  const start = Number(a);
  const end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  return start > end || start >= size ? undefined : [start, end];
}

/**
 * Starts an HTTP(S) server on 127.0.0.1 that serves one object (with ETag, Range and If-Match
 * support), records every request, counts connections, and misbehaves on demand: resets before
 * headers or mid-body, truncated bodies, status bursts (500/503/429...), S3 `<Error>` bodies with
 * status 200, slow headers, slow bodies, hangs. PUT/POST bodies are read and hashed, then answered
 * with 200 and an empty body.
 *
 * @example
 * ```ts
 * const server = await startFaultServer({ faults: [{ kind: "status", status: 503, times: 2 }] });
 * // ... point a client at server.url, then:
 * expect(server.requests).toHaveLength(3);
 * await server.close();
 * ```
 */
export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const object = options.object ?? patternBytes(64 * 1024);
  let etag = options.etag ?? '"v1"';
  const queue: Fault[] = (options.faults ?? []).map((f) => ({ ...f }));
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const socketIds = new WeakMap<Socket, number>();
  let connections = 0;

  function nextFault(): Fault | undefined {
    const head = queue[0];
    if (!head) return undefined;
    const left = (head.times ?? 1) - 1;
    if (left <= 0) queue.shift();
    else head.times = left;
    return head;
  }

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const fault = nextFault();
    requests.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: { ...req.headers },
      bodyLength: body.length,
      bodySha256: sha256Hex(body),
      connection: socketIds.get(req.socket) ?? -1,
      ...(fault ? { fault: fault.kind } : {}),
    });
    const socket = req.socket;
    if (fault?.kind === "reset-before-headers") {
      socket.resetAndDestroy();
      return;
    }
    if (fault?.kind === "hang") return;
    if (fault?.kind === "slow-headers") await sleep(fault.delayMs);
    if (fault?.kind === "status") {
      res.writeHead(fault.status, { "content-type": "application/xml", ...fault.headers });
      res.end(fault.body ?? "");
      return;
    }
    if (fault?.kind === "error-body") {
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code><Message>injected</Message><RequestId>fault</RequestId></Error>`,
      );
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(200, { "content-length": "0", etag });
      res.end();
      return;
    }
    const ifMatch = req.headers["if-match"];
    if (ifMatch !== undefined && ifMatch !== etag && ifMatch !== "*") {
      res.writeHead(412, { "content-type": "application/xml" });
      res.end("<Error><Code>PreconditionFailed</Code></Error>");
      return;
    }
    let status = 200;
    let start = 0;
    let end = object.length - 1;
    const headers: Record<string, string> = { etag, "accept-ranges": "bytes" };
    const rangeHeader = req.headers.range;
    if (rangeHeader !== undefined) {
      const range = parseRange(rangeHeader, object.length);
      if (!range) {
        res.writeHead(416, { "content-range": `bytes */${object.length}` });
        res.end();
        return;
      }
      [start, end] = range;
      status = 206;
      headers["content-range"] = `bytes ${start}-${end}/${object.length}`;
    }
    const slice = object.subarray(start, end + 1);
    headers["content-length"] = String(slice.length);
    res.writeHead(status, headers);
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    if (fault?.kind === "reset-mid-body" || fault?.kind === "truncate-body") {
      const cut = Math.min(fault.afterBytes, slice.length);
      res.write(slice.subarray(0, cut), () => {
        // A reset sends RST (the client sees ECONNRESET); a truncation closes cleanly (FIN) so
        // the client sees fewer bytes than Content-Length promised.
        if (fault.kind === "reset-mid-body") socket.resetAndDestroy();
        else socket.end();
      });
      return;
    }
    if (fault?.kind === "slow-body") {
      const cut = Math.min(fault.afterBytes, slice.length);
      res.write(slice.subarray(0, cut));
      await sleep(fault.delayMs);
      if (!socket.destroyed) res.end(slice.subarray(cut));
      return;
    }
    res.end(slice);
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => req.socket.destroy());
  };
  const server = options.tls
    ? createHttpsServer({ cert: TEST_CERTIFICATE, key: TEST_PRIVATE_KEY }, listener)
    : createHttpServer(listener);
  // A test's fault server must not hold the connection open once the test ends.
  server.keepAliveTimeout = 5_000;
  server.on(options.tls ? "secureConnection" : "connection", (socket: Socket) => {
    socketIds.set(socket, connections++);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    requests,
    get connections() {
      return connections;
    },
    object,
    get etag() {
      return etag;
    },
    inject(...faults) {
      queue.push(...faults.map((f) => ({ ...f })));
    },
    setEtag(next) {
      etag = next;
    },
    pendingFaults: () => queue.length,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
