import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import type { ClientOptions } from "@objstore/config-keys";
import type { Agent, Dispatcher, ProxyAgent } from "undici";
import { type ProxyPlan, proxyFor } from "./proxy.js";

/** The parts of undici objstore uses. */
interface Undici {
  Agent: typeof Agent;
  ProxyAgent: typeof ProxyAgent;
}

// undici is loaded on the first request, so building a client (or a store, or a credential
// chain) stays cheap. Its index loads every feature (fetch, WebSocket, caches, mocks…): ~85 ms
// of CPU and ~18 MiB of resident memory, 7 MiB of it V8 heap, kept for the life of the process.
// The agents and the request API alone cost ~28 ms and ~10 MiB. undici has no exports map and
// is pinned to one version in package.json, so these file paths are part of what the pin fixes.
let undici: Undici | undefined;
let loading: Promise<Undici> | undefined;

function loadUndici(): Promise<Undici> {
  loading ??= Promise.all([
    import("undici/lib/dispatcher/dispatcher.js"),
    import("undici/lib/api/index.js"),
    import("undici/lib/dispatcher/agent.js"),
    import("undici/lib/dispatcher/proxy-agent.js"),
  ]).then(([dispatcher, api, agent, proxyAgent]) => {
    // What undici's index does: `request`, `stream`, `connect`… are mixed into every dispatcher,
    // and ProxyAgent itself needs `connect`. The same functions, so importing the index as well
    // changes nothing.
    Object.assign(dispatcher.default.prototype, api.default);
    undici = { Agent: agent.default, ProxyAgent: proxyAgent.default };
    return undici;
  });
  return loading;
}

/**
 * A DNS lookup that shuffles the addresses, so connections spread over every address of an
 * endpoint (S3 answers with several) instead of piling onto the first.
 */
export const shuffledLookup: LookupFunction = (hostname, options, callback) => {
  // node:dns and node:tls are fetched when a connection needs them: importing them up front is
  // a measurable share of a cold start.
  process
    .getBuiltinModule("node:dns")
    .lookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) {
        callback(err, "", 0);
        return;
      }
      for (let i = addresses.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [addresses[i], addresses[j]] = [addresses[j]!, addresses[i]!];
      }
      const first = addresses[0];
      if (options.all) (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, first?.address ?? "", first?.family ?? 0);
    });
};

function trusted(pem: string | undefined): { ca: string[] } | undefined {
  // `ca` replaces Node's default trust store, so the system roots are passed along with the PEM.
  return pem ? { ca: [...process.getBuiltinModule("node:tls").rootCertificates, pem] } : undefined;
}

/** The TLS and socket options of connections to the endpoint itself. */
function endpointConnect(options: ClientOptions) {
  return {
    timeout: options.connectTimeout,
    rejectUnauthorized: !options.allowInvalidCertificates,
    ...trusted(options.rootCertificate),
    ...(options.randomizeAddresses ? { lookup: shuffledLookup } : {}),
    // HTTP/2 with prior knowledge on cleartext: there is no ALPN to negotiate it.
    ...(options.http2Only ? { useH2c: true } : {}),
  };
}

/** Pool options shared by the direct and the proxied dispatchers. */
function poolOptions(options: ClientOptions) {
  const idle = options.poolIdleTimeout;
  return {
    // undici splits the idle-gap timeout into "waiting for headers" and "between body chunks";
    // read_timeout covers both, and 0 disables them (the whole-request timeout is ours).
    headersTimeout: options.readTimeout ?? 0,
    bodyTimeout: options.readTimeout ?? 0,
    ...(idle ? { keepAliveTimeout: idle, keepAliveMaxTimeout: idle } : {}),
    // pipelining 0 is undici's way to close each connection after its request.
    ...(options.poolMaxIdlePerHost === 0 ? { pipelining: 0 } : {}),
    // undici's per-origin connection cap; requests beyond it queue for a free connection.
    ...(options.poolMaxConnectionsPerHost
      ? { connections: options.poolMaxConnectionsPerHost }
      : {}),
    allowH2: !options.http1Only,
    ...(options.http2KeepAliveInterval ? { pingInterval: options.http2KeepAliveInterval } : {}),
  };
}

/**
 * Routes each request to the direct agent or to its proxy's agent. Agents are made on first use,
 * after {@link Dispatchers.load}.
 */
export class Dispatchers {
  private direct: Agent | undefined;
  private readonly proxies = new Map<string, ProxyAgent>();
  private closed = false;

  constructor(
    private readonly options: ClientOptions,
    private readonly plan: ProxyPlan | undefined,
  ) {}

  /** True once undici is loaded and {@link Dispatchers.for} may be called. */
  get loaded(): boolean {
    return undici !== undefined;
  }

  /** Loads undici (once per process). */
  async load(): Promise<void> {
    await loadUndici();
  }

  /** The dispatcher for a URL (the direct agent unless a proxy applies). Needs {@link load}. */
  for(url: URL): Dispatcher {
    const u = undici as Undici;
    const proxy = this.plan === undefined ? undefined : proxyFor(url, this.plan);
    if (proxy === undefined) {
      this.direct ??= this.made(
        new u.Agent({ ...poolOptions(this.options), connect: endpointConnect(this.options) }),
      );
      return this.direct;
    }
    let agent = this.proxies.get(proxy);
    if (!agent) {
      agent = this.made(
        new u.ProxyAgent({
          uri: proxy,
          ...poolOptions(this.options),
          requestTls: endpointConnect(this.options),
          proxyTls: {
            timeout: this.options.connectTimeout,
            rejectUnauthorized: !this.options.allowInvalidCertificates,
            ...trusted(this.options.proxyCaCertificate),
          },
        }),
      );
      this.proxies.set(proxy, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.direct?.close(), ...[...this.proxies.values()].map((p) => p.close())]);
  }

  /** A new agent; after close() it is closed at once, so requests fail as on a closed client. */
  private made<T extends Agent | ProxyAgent>(agent: T): T {
    if (this.closed) agent.close().catch(() => {});
    return agent;
  }
}
