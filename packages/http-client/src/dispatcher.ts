import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { rootCertificates } from "node:tls";
import type { ClientOptions } from "@objstore/config-keys";
import { Agent, type Dispatcher, ProxyAgent } from "undici";
import { type ProxyPlan, proxyFor } from "./proxy.js";

/**
 * A DNS lookup that shuffles the addresses, so connections spread over every address of an
 * endpoint (S3 answers with several) instead of piling onto the first.
 */
export const shuffledLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
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
  return pem ? { ca: [...rootCertificates, pem] } : undefined;
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
    allowH2: !options.http1Only,
    ...(options.http2KeepAliveInterval ? { pingInterval: options.http2KeepAliveInterval } : {}),
  };
}

/** Routes each request to the direct agent or to its proxy's agent. */
export class Dispatchers {
  readonly direct: Agent;
  private readonly proxies = new Map<string, ProxyAgent>();

  constructor(
    private readonly options: ClientOptions,
    private readonly plan: ProxyPlan | undefined,
  ) {
    this.direct = new Agent({ ...poolOptions(options), connect: endpointConnect(options) });
  }

  /** The dispatcher for a URL (the direct agent unless a proxy applies). */
  for(url: URL): Dispatcher {
    if (this.plan === undefined) return this.direct;
    const proxy = proxyFor(url, this.plan);
    if (proxy === undefined) return this.direct;
    let agent = this.proxies.get(proxy);
    if (!agent) {
      agent = new ProxyAgent({
        uri: proxy,
        ...poolOptions(this.options),
        requestTls: endpointConnect(this.options),
        proxyTls: {
          timeout: this.options.connectTimeout,
          rejectUnauthorized: !this.options.allowInvalidCertificates,
          ...trusted(this.options.proxyCaCertificate),
        },
      });
      this.proxies.set(proxy, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    await Promise.all([this.direct.close(), ...[...this.proxies.values()].map((p) => p.close())]);
  }
}
