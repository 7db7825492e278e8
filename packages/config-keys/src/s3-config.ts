import { ConfigError } from "./errors.js";
import {
  type CanonicalS3ConfigKey,
  canonicalValue,
  normalizeS3ConfigKey,
  tryNormalizeS3ConfigKey,
} from "./keys.js";
import { isSecretConfigKey, REDACTED } from "./redact.js";

/**
 * A validated S3 configuration: canonical keys, canonical string values (booleans as
 * `"true"`/`"false"`, durations in milliseconds).
 */
export type S3Config = { [K in CanonicalS3ConfigKey]?: string };

/** Values a caller may pass for a key; they are validated and turned into strings. */
export type S3ConfigInput = Record<string, string | number | boolean | null | undefined>;

function toText(key: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new ConfigError(
    `invalid value for "${key}": expected a string, number or boolean, got ${Array.isArray(value) ? "an array" : typeof value}`,
    { key },
  );
}

function shown(key: CanonicalS3ConfigKey, value: string): string {
  return isSecretConfigKey(key) ? REDACTED : value;
}

/**
 * Validates a config object given by a caller: every key normalised (see
 * {@link normalizeS3ConfigKey}), every value checked eagerly. The same key given twice under
 * different spellings with different values is an error, since neither can be said to win.
 *
 * @example
 * ```ts
 * parseS3Config({ AWS_REGION: "eu-west-1", skipSignature: "yes" });
 * // { region: "eu-west-1", skip_signature: "true" }
 * ```
 */
export function parseS3Config(input: Record<string, unknown>): S3Config {
  const out: S3Config = {};
  const spelledAs = new Map<CanonicalS3ConfigKey, string>();
  for (const [rawKey, rawValue] of Object.entries(input)) {
    if (rawValue === undefined || rawValue === null) continue;
    const key = normalizeS3ConfigKey(rawKey);
    const value = canonicalValue(key, toText(rawKey, rawValue), rawKey);
    const previous = spelledAs.get(key);
    if (previous !== undefined && out[key] !== value) {
      throw new ConfigError(
        `config key "${key}" given twice with different values, as "${previous}" (${shown(key, out[key] as string)}) and "${rawKey}" (${shown(key, value)})`,
        { key: rawKey },
      );
    }
    spelledAs.set(key, rawKey);
    out[key] = value;
  }
  return out;
}

// The AWS SDKs' name for the endpoint variable is AWS_ENDPOINT_URL; AWS_ENDPOINT is object_store's.
const PREFERRED_ENV_NAME: Partial<Record<CanonicalS3ConfigKey, string>> = {
  endpoint: "AWS_ENDPOINT_URL",
};

/**
 * Reads the `AWS_*` environment variables that name a config key. Variables that name no key
 * (`AWS_EXECUTION_ENV`, …) are ignored; a known variable with a malformed value is a
 * {@link ConfigError} naming the variable. Where two variables name the same key, the one spelled
 * `AWS_<CANONICAL_NAME>` wins (`AWS_SESSION_TOKEN` over `AWS_TOKEN`, `AWS_ENDPOINT_URL` over
 * `AWS_ENDPOINT`), and `AWS_ENDPOINT_URL_S3`
 * wins over `AWS_ENDPOINT_URL`.
 *
 * @example
 * ```ts
 * s3ConfigFromEnv({ AWS_REGION: "eu-west-1", AWS_ALLOW_HTTP: "1" });
 * // { region: "eu-west-1", allow_http: "true" }
 * ```
 */
export function s3ConfigFromEnv(env: Record<string, string | undefined> = process.env): S3Config {
  const out: S3Config = {};
  const exact = new Set<CanonicalS3ConfigKey>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !/^AWS_/i.test(name)) continue;
    const key = tryNormalizeS3ConfigKey(name);
    if (key === undefined) continue;
    const isExact = name.toUpperCase() === (PREFERRED_ENV_NAME[key] ?? `AWS_${key.toUpperCase()}`);
    if (exact.has(key) && !isExact) continue;
    out[key] = canonicalValue(key, value, name);
    if (isExact) exact.add(key);
  }
  return out;
}

/**
 * Merges config layers with the one precedence rule: defaults < environment < URL < explicit
 * config. Within one layer `endpoint_url_s3` stands for `endpoint`, so an explicit `endpoint`
 * beats `AWS_ENDPOINT_URL_S3` from the environment. `region` falls back to `default_region`,
 * then to `us-east-1`.
 *
 * @example
 * ```ts
 * resolveS3Config({ env: s3ConfigFromEnv(), config: parseS3Config({ endpoint: "http://127.0.0.1:9000" }) });
 * ```
 */
export function resolveS3Config(layers: {
  defaults?: S3Config;
  env?: S3Config;
  url?: S3Config;
  config?: S3Config;
}): S3Config {
  const merged: S3Config = { conditional_put: "etag" };
  for (const layer of [layers.defaults, layers.env, layers.url, layers.config]) {
    if (!layer) continue;
    const { endpoint_url_s3, ...rest } = layer;
    Object.assign(merged, rest);
    if (endpoint_url_s3 !== undefined) merged.endpoint = endpoint_url_s3;
  }
  merged.region = merged.region ?? merged.default_region ?? "us-east-1";
  return merged;
}
