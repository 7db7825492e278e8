import { ConfigError } from "./errors.js";
import {
  type ClientConfigKey,
  canonicalValue,
  isClientConfigKey,
  normalizeClientConfigKey,
} from "./keys.js";
import type { S3Config } from "./s3-config.js";
import { parseBoolean, parseNonNegativeInteger } from "./values.js";

/**
 * HTTP client options, fully defaulted. Durations are milliseconds; a `timeout` of 0 disables
 * the whole-request timeout.
 */
export interface ClientOptions {
  /** Allow `http://` endpoints. Default false. */
  allowHttp: boolean;
  /** Accept any TLS certificate (testing only). Default false. */
  allowInvalidCertificates: boolean;
  /** PEM certificate(s) added to the system roots. */
  rootCertificate?: string;
  /** Time to establish a connection. Default 5 s. */
  connectTimeout: number;
  /** Whole request including the body; 0 turns it off. Default 30 s. */
  timeout: number;
  /** Longest idle gap between body chunks. Unset by default. */
  readTimeout?: number;
  /** How long an idle pooled connection is kept. */
  poolIdleTimeout?: number;
  /** Most idle connections kept per host. */
  poolMaxIdlePerHost?: number;
  /** Most connections open at once per host; further requests wait for one. Unlimited by default. */
  poolMaxConnectionsPerHost?: number;
  /** Speak HTTP/1.1 only. Default true (HTTP/2 to S3 is slower). */
  http1Only: boolean;
  /** Speak HTTP/2 only. Default false. */
  http2Only: boolean;
  http2KeepAliveInterval?: number;
  http2KeepAliveTimeout?: number;
  http2KeepAliveWhileIdle: boolean;
  /** Proxy for every request, e.g. `http://proxy:3128`. */
  proxyUrl?: string;
  /** PEM certificate(s) to trust for the proxy. */
  proxyCaCertificate?: string;
  /** Hosts that bypass the proxy, NO_PROXY style (`.example.com`, `10.0.0.1`, `*`). */
  proxyExcludes?: string[];
  /** Shuffle resolved addresses to spread load. Default true. */
  randomizeAddresses: boolean;
  /** User-Agent header; the HTTP client supplies `objstore/<version>` when unset. */
  userAgent?: string;
  /** Content-Type when neither the caller nor `contentTypeMap` gives one. */
  defaultContentType?: string;
  /** File extension (without dot) -> Content-Type. */
  contentTypeMap?: Record<string, string>;
  /** Headers added to every request (and signed). */
  defaultHeaders?: Record<string, string>;
}

/** The documented defaults of {@link ClientOptions}. */
export const CLIENT_OPTION_DEFAULTS: Readonly<ClientOptions> = Object.freeze({
  allowHttp: false,
  allowInvalidCertificates: false,
  connectTimeout: 5_000,
  timeout: 30_000,
  http1Only: true,
  http2Only: false,
  http2KeepAliveWhileIdle: false,
  randomizeAddresses: true,
});

type Kind = "bool" | "ms" | "int" | "text" | "list" | "record";

// Canonical key -> ClientOptions field and how its canonical string value is typed.
const FIELDS: Record<ClientConfigKey, [keyof ClientOptions, Kind]> = {
  allow_http: ["allowHttp", "bool"],
  allow_invalid_certificates: ["allowInvalidCertificates", "bool"],
  root_certificate: ["rootCertificate", "text"],
  connect_timeout: ["connectTimeout", "ms"],
  timeout: ["timeout", "ms"],
  read_timeout: ["readTimeout", "ms"],
  pool_idle_timeout: ["poolIdleTimeout", "ms"],
  pool_max_idle_per_host: ["poolMaxIdlePerHost", "int"],
  pool_max_connections_per_host: ["poolMaxConnectionsPerHost", "int"],
  http1_only: ["http1Only", "bool"],
  http2_only: ["http2Only", "bool"],
  http2_keep_alive_interval: ["http2KeepAliveInterval", "ms"],
  http2_keep_alive_timeout: ["http2KeepAliveTimeout", "ms"],
  http2_keep_alive_while_idle: ["http2KeepAliveWhileIdle", "bool"],
  proxy_url: ["proxyUrl", "text"],
  proxy_ca_certificate: ["proxyCaCertificate", "text"],
  proxy_excludes: ["proxyExcludes", "list"],
  randomize_addresses: ["randomizeAddresses", "bool"],
  user_agent: ["userAgent", "text"],
  default_content_type: ["defaultContentType", "text"],
  content_type_map: ["contentTypeMap", "record"],
  default_headers: ["defaultHeaders", "record"],
};

function stringRecord(key: string, value: unknown): Record<string, string> {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch (cause) {
      throw new ConfigError(`invalid value for "${key}": expected an object or its JSON text`, {
        key,
        cause,
      });
    }
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`invalid value for "${key}": expected an object of string values`, {
      key,
    });
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== "string") {
      throw new ConfigError(`invalid value for "${key}.${k}": expected a string`, {
        key: `${key}.${k}`,
      });
    }
    out[k] = v;
  }
  return out;
}

function setOption(
  out: ClientOptions,
  key: ClientConfigKey,
  spelledAs: string,
  raw: unknown,
): void {
  const [field, kind] = FIELDS[key];
  const target = out as unknown as Record<string, unknown>;
  if (kind === "record") {
    target[field] = stringRecord(spelledAs, raw);
    return;
  }
  if (kind === "list" && Array.isArray(raw)) {
    target[field] = raw.map(String);
    return;
  }
  if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") {
    throw new ConfigError(
      `invalid value for "${spelledAs}": expected a string, number or boolean`,
      {
        key: spelledAs,
      },
    );
  }
  const value = canonicalValue(key, String(raw), spelledAs);
  if (kind === "bool") target[field] = parseBoolean(value, spelledAs);
  else if (kind === "ms") target[field] = Math.round(Number(value));
  else if (kind === "int") target[field] = parseNonNegativeInteger(value, spelledAs);
  else if (kind === "list")
    target[field] = value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  else target[field] = value;
}

/**
 * Validates client options given in any spelling (`connect_timeout`, `connectTimeout`,
 * `AWS_CONNECT_TIMEOUT`) and fills in the defaults. Several sources merge in order, later
 * winning, so `clientOptions` passed explicitly add to (never drop) env-derived keys.
 * `http2_only` turns `http1_only` off; asking for both explicitly is an error.
 *
 * @example
 * ```ts
 * parseClientOptions({ timeout: "2 minutes", allowHttp: true });
 * // { ...CLIENT_OPTION_DEFAULTS, timeout: 120000, allowHttp: true }
 * ```
 */
export function parseClientOptions(
  ...sources: (Record<string, unknown> | undefined)[]
): ClientOptions {
  const out: ClientOptions = { ...CLIENT_OPTION_DEFAULTS };
  const given = new Set<ClientConfigKey>();
  for (const source of sources) {
    for (const [rawKey, raw] of Object.entries(source ?? {})) {
      if (raw === undefined || raw === null) continue;
      const key = normalizeClientConfigKey(rawKey);
      setOption(out, key, rawKey, raw);
      given.add(key);
    }
  }
  if (out.http2Only) {
    if (given.has("http1_only") && out.http1Only) {
      throw new ConfigError('"http1_only" and "http2_only" are both true: choose one', {
        key: "http2_only",
      });
    }
    out.http1Only = false;
  }
  return out;
}

/**
 * Picks the client keys out of a resolved S3 config (where env variables such as
 * `AWS_ALLOW_HTTP` land), ready to pass to {@link parseClientOptions}.
 */
export function clientKeysOf(config: S3Config): Partial<Record<ClientConfigKey, string>> {
  const out: Partial<Record<ClientConfigKey, string>> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value !== undefined && isClientConfigKey(key as ClientConfigKey))
      out[key as ClientConfigKey] = value;
  }
  return out;
}
