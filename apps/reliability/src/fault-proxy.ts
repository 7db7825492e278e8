import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type S3Operation, s3Operation } from "./s3-operation.js";
import { hashSeed, SeededRandom } from "./seeded-random.js";

/** Every misbehaviour the proxy can inject. */
export const FAULT_KINDS = [
  "refuse",
  "reset-before-response",
  "reset-mid-upload",
  "reset-mid-download",
  "truncate-body",
  "status-500",
  "status-503-slow-down",
  "status-429",
  "error-body-200",
  "stall",
  "stall-mid-body",
  "duplicate-slow",
] as const;

/**
 * One fault. `refuse` closes the listening socket for a moment (new connections get
 * ECONNREFUSED); `reset-before-response` forwards the request, lets the server act on it, then
 * resets the connection instead of answering; `reset-mid-upload` resets after part of the request
 * body; `reset-mid-download`, `truncate-body` (clean close) and `stall-mid-body` cut a response
 * body; the status kinds answer without forwarding (`status-503-slow-down` is S3's SlowDown);
 * `error-body-200` answers 200 with an S3 `<Error>` (CompleteMultipartUpload, CopyObject,
 * DeleteObjects only); `stall` never answers; `duplicate-slow` delivers the request to the server
 * twice (as a network that replays a packet stream would) and answers the first response late.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What the proxy knows of a request when it decides on a fault. */
export interface ProxiedCall {
  method: string;
  url: string;
  operation: S3Operation;
  headers: IncomingHttpHeaders;
}

/** A fault for the next matching request(s). */
export interface ScheduledFault {
  kind: FaultKind;
  /** Only requests this accepts get the fault. Default: any request the kind applies to. */
  match?: (call: ProxiedCall) => boolean;
  /** How many matching requests get it. Default 1. */
  times?: number;
}

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** Origin of the real server, e.g. `http://127.0.0.1:7480`. */
  upstream: string;
  /** Seed of the random faults. Default 1. */
  seed?: number;
  /** Probability that a request gets a random fault. Default 0 (only scheduled faults). */
  faultRate?: number;
  /** Relative weights of the random fault kinds. Default: all kinds, equal weight. */
  weights?: Partial<Record<FaultKind, number>>;
  /** How long a `refuse` keeps the port closed. Default 100 ms (less than ten retry backoffs). */
  refuseMs?: number;
  /** Called for every request before a fault is chosen (e.g. to record headers). */
  onRequest?: (call: ProxiedCall) => void;
}

/** Counters of a proxy run. */
export interface FaultProxyStats {
  requests: number;
  byOperation: Partial<Record<S3Operation, number>>;
  faults: Partial<Record<FaultKind, number>>;
  /** GETs with `Range` and `If-Match`: the http-client resuming a broken download. */
  resumes: number;
  /** Requests that could not reach the real server (should stay 0). */
  upstreamErrors: number;
  peakConnections: number;
  peakInFlight: number;
}

/** A running fault proxy. */
export interface FaultProxy {
  /** Base URL to use as the store's endpoint, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly stats: FaultProxyStats;
  /** TCP connections from clients open right now. */
  readonly openConnections: number;
  /** Requests received and not yet finished. */
  readonly inFlight: number;
  /** Queues faults; scheduled faults win over random ones. */
  schedule(...faults: ScheduledFault[]): void;
  /** Scheduled faults not applied yet. */
  pendingFaults(): number;
  /** Changes the random fault rate (0 turns random faults off). */
  setFaultRate(rate: number): void;
  /** Closes the port now for `ms` (new connections are refused) and drops idle connections. */
  refuseFor(ms: number): Promise<void>;
  close(): Promise<void>;
}

const APPLIES: Record<FaultKind, (c: ProxiedCall) => boolean> = {
  refuse: () => true,
  // A CreateMultipartUpload the server carried out but whose answer was lost leaves an upload
  // whose id no client ever learns: nothing a client can abort (S3's answer is a bucket
  // lifecycle rule, AbortIncompleteMultipartUpload). The invariant "no upload left" would then
  // measure the proxy, not the store.
  "reset-before-response": (c) => c.operation !== "createMultipart",
  "reset-mid-upload": (c) => Number(c.headers["content-length"] ?? 0) > 1,
  "reset-mid-download": (c) => c.operation === "get" || c.operation === "list",
  "truncate-body": (c) => c.operation === "get" || c.operation === "list",
  "stall-mid-body": (c) => c.operation === "get",
  "status-500": () => true,
  "status-503-slow-down": () => true,
  "status-429": () => true,
  "error-body-200": (c) =>
    c.operation === "completeMultipart" ||
    c.operation === "copy" ||
    c.operation === "deleteObjects",
  stall: () => true,
  // A replayed CreateMultipartUpload would open an upload nobody knows about: not a client fault.
  "duplicate-slow": (c) => c.operation !== "createMultipart",
};

/** How late a `duplicate-slow` answer comes: slow, but well inside a test client's timeout. */
const DUPLICATE_DELAY_MS = 150;

// Linux hands out local ports for outgoing connections from 32768 up: a port below that cannot be
// taken by one of them while a `refuse` keeps it closed, so it can always be listened on again.
async function listenBelowEphemeralPorts(server: ReturnType<typeof createServer>): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const ok = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    server.removeAllListeners("error");
    if (ok) return port;
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "upgrade"]);

function errorXml(code: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>injected by the fault proxy</Message><RequestId>fault-proxy</RequestId></Error>`;
}

/**
 * Starts an HTTP proxy on 127.0.0.1 in front of a real S3 server that injects faults by schedule
 * and at random (seeded, decided per request from its method, path, operation and how many times
 * that request was seen, so concurrency does not change which request gets which fault).
 *
 * @example
 * ```ts
 * const proxy = await startFaultProxy({ upstream: "http://127.0.0.1:7480", seed: 7, faultRate: 0.1 });
 * proxy.schedule({ kind: "status-503-slow-down", times: 3 });
 * const store = new S3Store({ bucket, config: { endpoint: proxy.url, allow_http: true, ... } });
 * // ... workload ...
 * console.log(proxy.stats.faults);
 * await proxy.close();
 * ```
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  const agent = new Agent({ keepAlive: true });
  const seed = options.seed ?? 1;
  let faultRate = options.faultRate ?? 0;
  const weights = Object.fromEntries(
    FAULT_KINDS.map((k) => [k, options.weights ? (options.weights[k] ?? 0) : 1]),
  ) as Record<FaultKind, number>;
  const refuseMs = options.refuseMs ?? 100;
  const queue: (ScheduledFault & { times: number })[] = [];
  const seen = new Map<string, number>();
  const sockets = new Map<Socket, number>(); // socket -> requests in flight on it
  const stats: FaultProxyStats = {
    requests: 0,
    byOperation: {},
    faults: {},
    resumes: 0,
    upstreamErrors: 0,
    peakConnections: 0,
    peakInFlight: 0,
  };
  let inFlight = 0;
  let refusing: Promise<void> | undefined;
  let closed = false;

  const count = (kind: FaultKind) => {
    stats.faults[kind] = (stats.faults[kind] ?? 0) + 1;
  };

  function chooseFault(call: ProxiedCall): FaultKind | undefined {
    const i = queue.findIndex((f) => APPLIES[f.kind](call) && (f.match?.(call) ?? true));
    if (i >= 0) {
      const f = queue[i] as ScheduledFault & { times: number };
      if (--f.times <= 0) queue.splice(i, 1);
      return f.kind;
    }
    if (faultRate <= 0) return undefined;
    // Query values (upload ids) differ from run to run; the path and part number do not.
    const stable = `${call.method} ${call.url.replace(/uploadId=[^&]*/, "")} ${call.operation}`;
    const nth = (seen.get(stable) ?? 0) + 1;
    seen.set(stable, nth);
    const rng = new SeededRandom(hashSeed(seed, `${stable} #${nth}`));
    if (!rng.chance(faultRate)) return undefined;
    const applicable = Object.fromEntries(
      FAULT_KINDS.filter((k) => weights[k] > 0 && APPLIES[k](call)).map((k) => [k, weights[k]]),
    ) as Record<FaultKind, number>;
    return Object.keys(applicable).length ? rng.weighted(applicable) : undefined;
  }

  function answer(res: ServerResponse, status: number, body: string, headers = {}) {
    res.writeHead(status, { "content-type": "application/xml", ...headers });
    res.end(body);
  }

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    fault: FaultKind | undefined,
    done: () => void,
  ) {
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k)),
    );
    const up = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers,
        agent,
      },
      (upRes) => respond(upRes),
    );
    // Set when the proxy itself drops the upstream request (client gone, or a fault cut it).
    let dropped = false;
    const drop = () => {
      dropped = true;
      up.destroy();
    };
    up.on("error", () => {
      if (!dropped && !req.socket.destroyed && !res.headersSent) {
        stats.upstreamErrors++;
        answer(res, 502, errorXml("BadGateway"));
      }
      done();
    });
    res.on("close", drop);
    if (fault === "duplicate-slow") {
      up.destroy();
      duplicateSlow(req, res, headers, done);
      return;
    }
    const length = Number(req.headers["content-length"] ?? 0);
    if (fault === "reset-mid-upload") {
      const cut = Math.max(1, Math.floor(length / 2));
      let sent = 0;
      count(fault);
      req.on("data", (chunk: Buffer) => {
        if (sent >= cut) return;
        const slice = chunk.subarray(0, cut - sent);
        sent += slice.length;
        up.write(slice);
        if (sent >= cut) {
          drop();
          req.socket.resetAndDestroy();
        }
      });
      return;
    }
    req.pipe(up);

    function respond(upRes: IncomingMessage) {
      const status = upRes.statusCode ?? 502;
      const resHeaders = Object.fromEntries(
        Object.entries(upRes.headers).filter(([k]) => !HOP_BY_HOP.has(k)),
      );
      if (fault === "reset-before-response") {
        count(fault);
        dropped = true;
        upRes.destroy();
        req.socket.resetAndDestroy();
        return;
      }
      const size = Number(upRes.headers["content-length"] ?? 0);
      const cutsBody =
        fault === "reset-mid-download" || fault === "truncate-body" || fault === "stall-mid-body";
      if (!cutsBody || status >= 300 || size < 2 || req.method === "HEAD") {
        res.writeHead(status, resHeaders);
        upRes.pipe(res);
        return;
      }
      count(fault);
      const cut = Math.floor(size / 2);
      let sent = 0;
      res.writeHead(status, resHeaders);
      upRes.on("data", (chunk: Buffer) => {
        if (sent >= cut) return;
        const slice = chunk.subarray(0, cut - sent);
        sent += slice.length;
        if (sent < cut) {
          res.write(slice);
          return;
        }
        res.write(slice, () => {
          dropped = true;
          upRes.destroy();
          // RST: the client sees ECONNRESET; FIN: it sees fewer bytes than Content-Length promised.
          if (fault === "reset-mid-download") req.socket.resetAndDestroy();
          else if (fault === "truncate-body") req.socket.end();
          // stall-mid-body: leave the connection open and silent until the client gives up.
        });
      });
    }
  }

  /** Sends one buffered request upstream and buffers the answer. */
  function once(
    req: IncomingMessage,
    headers: Record<string, unknown>,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const up = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: headers as never,
          agent,
        },
        (upRes) => {
          const chunks: Buffer[] = [];
          upRes.on("data", (c: Buffer) => chunks.push(c));
          upRes.on("end", () =>
            resolve({
              status: upRes.statusCode ?? 502,
              headers: Object.fromEntries(
                Object.entries(upRes.headers).filter(([k]) => !HOP_BY_HOP.has(k)),
              ),
              body: Buffer.concat(chunks),
            }),
          );
          upRes.on("error", reject);
        },
      );
      up.on("error", reject);
      up.end(body);
    });
  }

  function duplicateSlow(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, unknown>,
    done: () => void,
  ) {
    count("duplicate-slow");
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      try {
        const first = await once(req, headers, body);
        // The replay: the server acts on the same request again; its answer goes nowhere.
        await once(req, headers, body).catch(() => undefined);
        await new Promise((r) => setTimeout(r, DUPLICATE_DELAY_MS));
        if (res.destroyed) return done();
        res.writeHead(first.status, first.headers as never);
        res.end(first.body);
      } catch {
        stats.upstreamErrors++;
        if (!res.headersSent) answer(res, 502, errorXml("BadGateway"));
        done();
      }
    });
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    inFlight++;
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    sockets.set(req.socket, (sockets.get(req.socket) ?? 0) + 1);
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      inFlight--;
      const n = (sockets.get(req.socket) ?? 1) - 1;
      if (sockets.has(req.socket)) sockets.set(req.socket, n);
    };
    res.on("close", done);
    const call: ProxiedCall = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      operation: s3Operation(req.method ?? "GET", req.url ?? "/", req.headers),
      headers: req.headers,
    };
    stats.requests++;
    stats.byOperation[call.operation] = (stats.byOperation[call.operation] ?? 0) + 1;
    if (call.method === "GET" && req.headers.range && req.headers["if-match"]) stats.resumes++;
    options.onRequest?.(call);
    const fault = closed ? undefined : chooseFault(call);
    switch (fault) {
      case "refuse":
        count(fault);
        void refuse(refuseMs);
        forward(req, res, undefined, done);
        return;
      case "status-500":
      case "status-503-slow-down":
      case "status-429":
      case "error-body-200":
      case "stall":
        count(fault);
        req.resume();
        req.on("end", () => {
          if (fault === "status-500") answer(res, 500, errorXml("InternalError"));
          else if (fault === "status-503-slow-down") answer(res, 503, errorXml("SlowDown"));
          else if (fault === "status-429") answer(res, 429, errorXml("TooManyRequests"));
          else if (fault === "error-body-200") answer(res, 200, errorXml("InternalError"));
          // stall: never answer; the client's timeout closes the connection.
        });
        return;
      default:
        forward(req, res, fault, done);
    }
  }

  const server = createServer(handle);
  server.keepAliveTimeout = 10_000;
  server.on("connection", (socket: Socket) => {
    sockets.set(socket, 0);
    stats.peakConnections = Math.max(stats.peakConnections, sockets.size);
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listenBelowEphemeralPorts(server);

  function relisten(resolve: () => void): void {
    if (closed) {
      resolve();
      return;
    }
    const retry = () => setTimeout(() => relisten(resolve), 50);
    server.once("error", retry);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", retry);
      refusing = undefined;
      resolve();
    });
  }

  function refuse(ms: number): Promise<void> {
    if (refusing) return refusing;
    server.close();
    // Idle keep-alive connections would dodge the refusal: close them (gracefully).
    for (const [socket, busy] of sockets) if (busy === 0) socket.end();
    refusing = new Promise<void>((resolve) => setTimeout(() => relisten(resolve), ms));
    return refusing;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    get openConnections() {
      return sockets.size;
    },
    get inFlight() {
      return inFlight;
    },
    schedule(...faults) {
      for (const f of faults) queue.push({ ...f, times: f.times ?? 1 });
    },
    pendingFaults: () => queue.length,
    setFaultRate(rate) {
      faultRate = rate;
    },
    refuseFor: (ms) => {
      count("refuse");
      return refuse(ms);
    },
    async close() {
      closed = true;
      await refusing;
      for (const socket of sockets.keys()) socket.destroy();
      agent.destroy();
      await new Promise<void>((resolve) =>
        server.listening ? server.close(() => resolve()) : resolve(),
      );
    },
  };
}
