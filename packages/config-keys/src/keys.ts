import { ConfigError } from "./errors.js";
import { nearest } from "./suggest.js";
import { parseBoolean, parseDuration, parseHttpUrl, parseNonNegativeInteger } from "./values.js";

/**
 * Turns an accepted raw value into its canonical string form, or throws a ConfigError: the
 * `value` of each entry of {@link S3_CONFIG_KEYS} and {@link CLIENT_CONFIG_KEYS}.
 *
 * @example
 * ```ts
 * S3_CONFIG_KEYS.skip_signature.value("YES", "skip_signature"); // "true"
 * ```
 */
export type Canonicalize = (value: string, key: string) => string;

interface KeySpec {
  readonly aliases?: readonly string[];
  readonly value: Canonicalize;
}

const text: Canonicalize = (v, key) => {
  if (v.trim() === "") throw new ConfigError(`empty value for "${key}"`, { key, value: v });
  return v;
};
const bool: Canonicalize = (v, key) => String(parseBoolean(v, key));
const url: Canonicalize = (v, key) => parseHttpUrl(v.trim(), key);
// Only a proxy URL may carry credentials; in a service endpoint they would end up in logs.
const endpointUrl: Canonicalize = (v, key) => {
  const checked = url(v, key);
  const parsed = new URL(checked);
  if (parsed.username || parsed.password) {
    throw new ConfigError(
      `invalid URL for "${key}": credentials in the URL are refused; give access_key_id and secret_access_key instead`,
      { key, value: `${parsed.protocol}//***@${parsed.host}` },
    );
  }
  return checked;
};
const duration: Canonicalize = (v, key) => {
  const t = v.trim().toLowerCase();
  return t === "disabled" || t === "none" ? "0" : String(parseDuration(v, key));
};
const integer: Canonicalize = (v, key) => String(parseNonNegativeInteger(v, key));

function oneOf(values: readonly string[], caseSensitive = false): Canonicalize {
  return (v, key) => {
    const found = values.find((x) =>
      caseSensitive ? x === v.trim() : x.toLowerCase() === v.trim().toLowerCase(),
    );
    if (found === undefined) {
      throw new ConfigError(
        `invalid value "${v}" for "${key}": expected one of ${values.map((x) => `"${x}"`).join(", ")}`,
        { key, value: v },
      );
    }
    return found;
  };
}

const region: Canonicalize = (v, key) => {
  if (!/^[A-Za-z0-9][A-Za-z0-9-_]*$/.test(v.trim())) {
    throw new ConfigError(`invalid region "${v}" for "${key}": expected a name like "us-east-1"`, {
      key,
      value: v,
    });
  }
  return v.trim();
};

const requestPayer: Canonicalize = (v, key) =>
  v.trim().toLowerCase() === "requester" ? "true" : bool(v, key);

// object_store's CopyIfNotExists forms; whitespace around the parts is ignored.
const copyIfNotExists: Canonicalize = (v, key) => {
  const parts = v.split(":").map((p) => p.trim());
  const [kind, name, value, status] = parts;
  const header = /^[A-Za-z0-9-]+$/;
  const ok =
    (kind === "multipart" && parts.length === 1) ||
    (kind === "header" && parts.length === 3 && header.test(name ?? "") && value !== "") ||
    (kind === "header-with-status" &&
      parts.length === 4 &&
      header.test(name ?? "") &&
      value !== "" &&
      /^[1-5]\d\d$/.test(status ?? ""));
  if (!ok) {
    throw new ConfigError(
      `invalid value "${v}" for "${key}": expected "multipart", "header:<name>:<value>" or "header-with-status:<name>:<value>:<status>"`,
      { key, value: v },
    );
  }
  return parts.join(":");
};

// SSE-C keys are 256-bit AES keys; reject anything else before a request carries it.
const customerKey: Canonicalize = (v, key) => {
  const t = v.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(t) || Buffer.from(t, "base64").length !== 32) {
    throw new ConfigError(`invalid "${key}": expected the base64 encoding of a 32-byte key`, {
      key,
      value: "***",
    });
  }
  return t;
};

/**
 * Every S3 configuration key, by canonical name. Each is also accepted with an `aws_` prefix,
 * in any case, and in camelCase (see {@link normalizeS3ConfigKey}).
 */
export const S3_CONFIG_KEYS = {
  access_key_id: { value: text },
  secret_access_key: { value: text },
  session_token: { aliases: ["token"], value: text },
  region: { value: region },
  default_region: { value: region },
  bucket: { aliases: ["bucket_name"], value: text },
  endpoint: { aliases: ["endpoint_url"], value: endpointUrl },
  endpoint_url_s3: { value: endpointUrl },
  imdsv1_fallback: { value: bool },
  virtual_hosted_style_request: { value: bool },
  unsigned_payload: { value: bool },
  metadata_endpoint: { value: endpointUrl },
  disable_tagging: { value: bool },
  disable_bulk_delete: { value: bool },
  s3_express: { value: bool },
  skip_signature: { value: bool },
  checksum_algorithm: { value: oneOf(["sha256", "crc32", "crc32c", "crc64nvme"]) },
  conditional_put: { value: oneOf(["etag", "disabled"]) },
  copy_if_not_exists: { value: copyIfNotExists },
  request_payer: { aliases: ["requester_pays"], value: requestPayer },
  server_side_encryption: { value: oneOf(["AES256", "aws:kms", "aws:kms:dsse", "sse-c"]) },
  sse_kms_key_id: { value: text },
  sse_bucket_key_enabled: { value: bool },
  sse_customer_key_base64: { value: customerKey },
  container_credentials_relative_uri: { value: text },
  container_credentials_full_uri: { value: endpointUrl },
  container_authorization_token_file: { value: text },
  container_authorization_token: { value: text },
  web_identity_token_file: { value: text },
  role_arn: { value: text },
  role_session_name: { value: text },
  endpoint_url_sts: { aliases: ["sts_endpoint"], value: endpointUrl },
  profile: { value: text },
  shared_credentials_file: { value: text },
  config_file: { value: text },
  ec2_metadata_disabled: { value: bool },
} as const satisfies Record<string, KeySpec>;

/**
 * HTTP client keys. They may appear in an S3 config (as obstore allows) or in `clientOptions`,
 * and are read from `AWS_<KEY>` environment variables.
 */
export const CLIENT_CONFIG_KEYS = {
  allow_http: { value: bool },
  allow_invalid_certificates: { value: bool },
  root_certificate: { value: text },
  connect_timeout: { value: duration },
  timeout: { value: duration },
  read_timeout: { value: duration },
  pool_idle_timeout: { value: duration },
  pool_max_idle_per_host: { value: integer },
  pool_max_connections_per_host: { value: integer },
  http1_only: { value: bool },
  http2_only: { value: bool },
  http2_keep_alive_interval: { value: duration },
  http2_keep_alive_timeout: { value: duration },
  http2_keep_alive_while_idle: { value: bool },
  proxy_url: { value: url },
  proxy_ca_certificate: { value: text },
  proxy_excludes: { value: text },
  randomize_addresses: { value: bool },
  user_agent: { value: text },
  default_content_type: { value: text },
  content_type_map: { value: text },
  default_headers: { value: text },
} as const satisfies Record<string, KeySpec>;

/** A canonical S3 configuration key, e.g. `"access_key_id"`. */
export type S3ConfigKey = keyof typeof S3_CONFIG_KEYS;
/** A canonical HTTP client configuration key, e.g. `"connect_timeout"`. */
export type ClientConfigKey = keyof typeof CLIENT_CONFIG_KEYS;
/** Any canonical key an S3 config may hold. */
export type CanonicalS3ConfigKey = S3ConfigKey | ClientConfigKey;

const SPECS: Record<string, KeySpec> = { ...S3_CONFIG_KEYS, ...CLIENT_CONFIG_KEYS };

// Every accepted spelling after case folding and `aws_` stripping -> canonical key.
const LOOKUP = new Map<string, CanonicalS3ConfigKey>();
for (const [key, spec] of Object.entries(SPECS)) {
  LOOKUP.set(key, key as CanonicalS3ConfigKey);
  for (const alias of spec.aliases ?? []) LOOKUP.set(alias, key as CanonicalS3ConfigKey);
}

/** Folds any spelling to snake_case lower case: `accessKeyId`, `ACCESS-KEY-ID` -> `access_key_id`. */
function fold(key: string): string {
  const trimmed = key.trim().replace(/-/g, "_");
  const mixed = /[a-z]/.test(trimmed) && /[A-Z]/.test(trimmed);
  return (mixed ? trimmed.replace(/([a-z0-9])([A-Z])/g, "$1_$2") : trimmed).toLowerCase();
}

function lookup(key: string): CanonicalS3ConfigKey | undefined {
  const folded = fold(key);
  return (
    LOOKUP.get(folded) ?? (folded.startsWith("aws_") ? LOOKUP.get(folded.slice(4)) : undefined)
  );
}

function unknownKey(key: string, kind: string, candidates: Iterable<string>): ConfigError {
  const near = nearest(fold(key).replace(/^aws_/, ""), candidates);
  const suggestion = near === undefined ? undefined : (LOOKUP.get(near) ?? near);
  return new ConfigError(
    `unknown ${kind} config key "${key}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
    { key, ...(suggestion ? { suggestion } : {}) },
  );
}

/**
 * Maps any accepted spelling of a key to its canonical name: any case, with or without `aws_`,
 * under each alias, and as camelCase. Unknown keys throw a {@link ConfigError} suggesting the
 * nearest valid key.
 *
 * @example
 * ```ts
 * normalizeS3ConfigKey("AWS_ACCESS_KEY_ID"); // "access_key_id"
 * normalizeS3ConfigKey("accessKeyId"); // "access_key_id"
 * normalizeS3ConfigKey("aws_token"); // "session_token"
 * ```
 */
export function normalizeS3ConfigKey(key: string): CanonicalS3ConfigKey {
  const found = lookup(key);
  if (found === undefined) throw unknownKey(key, "S3", LOOKUP.keys());
  return found;
}

/** Like {@link normalizeS3ConfigKey}, for HTTP client keys only. */
export function normalizeClientConfigKey(key: string): ClientConfigKey {
  const found = lookup(key);
  if (found === undefined || !(found in CLIENT_CONFIG_KEYS)) {
    throw unknownKey(key, "client", Object.keys(CLIENT_CONFIG_KEYS));
  }
  return found as ClientConfigKey;
}

/** Returns the canonical key, or undefined when the spelling is not a known key. */
export function tryNormalizeS3ConfigKey(key: string): CanonicalS3ConfigKey | undefined {
  return lookup(key);
}

/** True for keys that configure the HTTP client rather than S3 itself. */
export function isClientConfigKey(key: CanonicalS3ConfigKey): key is ClientConfigKey {
  return key in CLIENT_CONFIG_KEYS;
}

/** Validates a raw string value for a canonical key and returns its canonical form. */
export function canonicalValue(
  key: CanonicalS3ConfigKey,
  value: string,
  spelledAs: string = key,
): string {
  const spec = SPECS[key] as KeySpec;
  return spec.value(value, spelledAs);
}
