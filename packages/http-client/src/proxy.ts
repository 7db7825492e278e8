import type { ClientOptions } from "@objstore/config-keys";

interface NoProxyEntry {
  host: string;
  port?: number;
}

/** Which proxy, if any, each kind of URL goes through, and which hosts bypass it. */
export interface ProxyPlan {
  /** Proxy for `https://` targets. */
  https?: string;
  /** Proxy for `http://` targets. */
  http?: string;
  /** True when the exclusion list is `*`: nothing is proxied. */
  bypassAll: boolean;
  excludes: NoProxyEntry[];
}

function parseExcludes(list: readonly string[]): { bypassAll: boolean; excludes: NoProxyEntry[] } {
  const excludes: NoProxyEntry[] = [];
  let bypassAll = false;
  for (const raw of list.flatMap((s) => s.split(/[,\s]+/))) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === "*") bypassAll = true;
    const m = /^(\[[^\]]+\]|[^:]+|[0-9a-f:]+)(?::(\d+))?$/.exec(entry);
    const host = (m?.[1] ?? entry).replace(/^\*?\./, "").replace(/^\[(.*)\]$/, "$1");
    excludes.push(m?.[2] ? { host, port: Number(m[2]) } : { host });
  }
  return { bypassAll, excludes };
}

/**
 * Decides the proxy setup: `proxy_url` (with `proxy_excludes`) when set, else the usual
 * `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` variables (either case, lower case first, as curl).
 * Undefined when nothing is proxied.
 *
 * @example
 * ```ts
 * proxyPlan(parseClientOptions({ proxy_url: "http://proxy:3128", proxy_excludes: ".internal" }));
 * // { https: "http://proxy:3128", http: "http://proxy:3128", bypassAll: false, excludes: [{ host: "internal" }] }
 * ```
 */
export function proxyPlan(
  options: Pick<ClientOptions, "proxyUrl" | "proxyExcludes">,
  env: Record<string, string | undefined> = process.env,
): ProxyPlan | undefined {
  if (options.proxyUrl) {
    return {
      https: options.proxyUrl,
      http: options.proxyUrl,
      ...parseExcludes(options.proxyExcludes ?? []),
    };
  }
  const https = env.https_proxy || env.HTTPS_PROXY || undefined;
  const http = env.http_proxy || env.HTTP_PROXY || undefined;
  if (!https && !http) return undefined;
  return {
    ...(https ? { https } : {}),
    ...(http ? { http } : {}),
    ...parseExcludes([env.no_proxy || env.NO_PROXY || ""]),
  };
}

const DEFAULT_PORT: Record<string, number> = { "http:": 80, "https:": 443 };

/**
 * The proxy a URL goes through under a plan, or undefined for a direct connection. NO_PROXY
 * semantics: an entry matches the host itself and its subdomains (`example.com` and
 * `.example.com` both match `s3.example.com`), optionally only on one port; `*` matches all.
 */
export function proxyFor(url: URL, plan: ProxyPlan): string | undefined {
  const proxy = url.protocol === "https:" ? plan.https : plan.http;
  if (!proxy || plan.bypassAll) return undefined;
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const port = url.port ? Number(url.port) : DEFAULT_PORT[url.protocol];
  for (const entry of plan.excludes) {
    if (entry.port !== undefined && entry.port !== port) continue;
    if (host === entry.host || host.endsWith(`.${entry.host}`)) return undefined;
  }
  return proxy;
}
