/** What every redacted secret prints as. */
export const REDACTED = "***";

/** Node's `util.inspect` hook, shared so classes elsewhere can hide their secrets. */
export const inspectCustom: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

const SECRET_KEYS = new Set([
  "secret_access_key",
  "session_token",
  "sse_customer_key_base64",
  "container_authorization_token",
]);

// Query parameters of presigned URLs that grant access on their own.
const SECRET_QUERY_PARAMS = ["x-amz-signature", "x-amz-security-token", "x-amz-credential"];

/** True when the canonical key holds a secret that must never be printed. */
export function isSecretConfigKey(key: string): boolean {
  return SECRET_KEYS.has(key);
}

/**
 * Hides the password (and user name) of a URL and the signature-bearing query parameters of a
 * presigned URL. Input that is not a URL with a host is returned unchanged only when it holds no `@`.
 *
 * @example
 * ```ts
 * redactUrl("http://user:pw@proxy:3128"); // "http://***:***@proxy:3128/"
 * ```
 */
export function redactUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value.includes("@") ? REDACTED : value;
  }
  // "user:pw@host" parses as an opaque URL of scheme "user:": there is no host to keep.
  if (!url.host && value.includes("@")) return REDACTED;
  const secretParams = [...url.searchParams.keys()].filter((n) =>
    SECRET_QUERY_PARAMS.includes(n.toLowerCase()),
  );
  // Nothing to hide: keep the caller's exact text rather than the URL parser's normal form.
  if (!url.username && !url.password && secretParams.length === 0) return value;
  if (url.username) url.username = REDACTED;
  if (url.password) url.password = REDACTED;
  for (const name of secretParams) url.searchParams.set(name, REDACTED);
  return url.toString();
}

/**
 * A copy of a config object, keyed by canonical names, with secrets replaced by `***` and
 * credentials inside URLs hidden. Use it for `util.inspect`, `toJSON` and log lines.
 *
 * @example
 * ```ts
 * redactConfig({ access_key_id: "AKIA1", secret_access_key: "s3cr3t" });
 * // { access_key_id: "AKIA1", secret_access_key: "***" }
 * ```
 */
export function redactConfig<T extends object>(config: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (isSecretConfigKey(key)) out[key] = REDACTED;
    else if (typeof value === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(value))
      out[key] = redactUrl(value);
    else out[key] = value;
  }
  return out as T;
}
