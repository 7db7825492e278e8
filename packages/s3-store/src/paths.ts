import { InvalidPathError } from "./errors.js";

// S3's documented limit on the UTF-8 length of a key.
const MAX_KEY_BYTES = 1024;

function invalid(path: string, why: string): InvalidPathError {
  return new InvalidPathError(`invalid path ${JSON.stringify(path)}: ${why}`, { path });
}

/**
 * Checks a path against the store's rules: `/`-separated, no leading or trailing `/`, no empty,
 * `.` or `..` segments, no control characters. The empty path is allowed only where `allowEmpty`
 * (list prefixes).
 */
export function validatePath(path: string, allowEmpty = false): string {
  if (typeof path !== "string") throw invalid(String(path), "a path must be a string");
  if (path === "") {
    if (allowEmpty) return path;
    throw invalid(path, "the path is empty");
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  const control = /[\u0000-\u001f\u007f]/.exec(path);
  if (control) {
    throw invalid(
      path,
      `control character U+${control[0].charCodeAt(0).toString(16).padStart(4, "0")} is not allowed`,
    );
  }
  // A lone UTF-16 surrogate has no UTF-8 form: no S3 key can hold it, and encodeURIComponent throws.
  const surrogate = /\p{Surrogate}/u.exec(path);
  if (surrogate) {
    throw invalid(
      path,
      `unpaired surrogate U+${surrogate[0].charCodeAt(0).toString(16)} is not valid Unicode`,
    );
  }
  if (path.startsWith("/"))
    throw invalid(path, "leading '/' is not allowed; paths are relative to the bucket");
  if (path.endsWith("/")) throw invalid(path, "trailing '/' is not allowed");
  for (const segment of path.split("/")) {
    if (segment === "") throw invalid(path, "empty segment ('//') is not allowed");
    if (segment === "." || segment === "..")
      throw invalid(path, `'${segment}' segments are not allowed`);
  }
  return path;
}

/** Maps user paths to bucket keys under an optional store prefix, and back. */
export class KeyMapper {
  readonly prefix: string;

  constructor(prefix?: string) {
    const trimmed = (prefix ?? "").replace(/^\/+|\/+$/g, "");
    this.prefix = trimmed === "" ? "" : validatePath(trimmed);
  }

  /** The bucket key of a validated path. */
  toKey(path: string): string {
    validatePath(path);
    const key = this.prefix ? `${this.prefix}/${path}` : path;
    if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
      throw invalid(
        path,
        `the key is ${Buffer.byteLength(key)} bytes long; S3 allows ${MAX_KEY_BYTES}`,
      );
    }
    return key;
  }

  /** The list prefix for a user prefix: segment-based, so `"a"` lists `a/…` but not `ab`. */
  toListPrefix(prefix?: string): string {
    const p = validatePath(prefix ?? "", true);
    const full = [this.prefix, p].filter(Boolean).join("/");
    return full === "" ? "" : `${full}/`;
  }

  /** The user path of a key returned by S3. */
  toPath(key: string): string {
    if (!this.prefix) return key;
    return key.startsWith(`${this.prefix}/`) ? key.slice(this.prefix.length + 1) : key;
  }
}

/** RFC 3986 percent-encoding of everything but the unreserved set, as SigV4 wants. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Encodes a key for a URL path: each segment percent-encoded, `/` kept. */
export function encodeKey(key: string): string {
  return key.split("/").map(encodeRfc3986).join("/");
}

/** Builds a query string with strict encoding (never `+` for space), keys sorted for stable URLs. */
export function encodeQuery(query: Record<string, string | undefined>): string {
  return Object.entries(query)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => (v === "" ? encodeRfc3986(k) : `${encodeRfc3986(k)}=${encodeRfc3986(v)}`))
    .join("&");
}
