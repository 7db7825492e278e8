import { SigningError } from "./errors.js";

/** Query parameters decoded from a URL: repeated keys keep every value. */
export type QueryParams = Record<string, string | string[]>;

const CANONICAL_PATH = /^(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})*$/;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const HEX = /^[0-9A-Fa-f]{2}$/;

/** RFC 3986 encoding as SigV4 wants it: everything but `A-Z a-z 0-9 - . _ ~` as UTF-8 `%XX`. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The path as S3 must see it, encoded exactly once: existing `%XX` escapes are kept (hex in
 * upper case), `/` and unreserved characters are kept, anything else is encoded. S3 does not
 * normalise or double-encode the path (unlike other services), so the signed path and the sent
 * path must be this same string.
 */
export function canonicalPath(pathname: string): string {
  if (CANONICAL_PATH.test(pathname)) return pathname;
  let out = "";
  const chars = [...pathname];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    const hex = c === "%" ? `${chars[i + 1] ?? ""}${chars[i + 2] ?? ""}` : "";
    if (HEX.test(hex)) {
      out += `%${hex.toUpperCase()}`;
      i += 2;
    } else if (c === "/" || UNRESERVED.test(c)) out += c;
    else out += uriEncode(c);
  }
  return out;
}

function decode(part: string, url: URL): string {
  try {
    return decodeURIComponent(part);
  } catch (cause) {
    throw new SigningError(
      `cannot sign ${url.origin}${url.pathname}: query component "${part}" is not valid percent-encoding`,
      { cause },
    );
  }
}

/**
 * Decodes the query of `url`. `+` stays a literal plus (S3 reads the query as RFC 3986, not as a
 * form), so a space must be given as `%20`.
 */
export function parseQuery(url: URL): QueryParams {
  const query: QueryParams = {};
  const raw = url.search.slice(1);
  if (raw === "") return query;
  for (const pair of raw.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decode(eq < 0 ? pair : pair.slice(0, eq), url);
    const value = eq < 0 ? "" : decode(pair.slice(eq + 1), url);
    const previous = Object.hasOwn(query, key) ? query[key] : undefined;
    if (previous === undefined) query[key] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else query[key] = [previous, value];
  }
  return query;
}

/**
 * The canonical query string of SigV4: keys and values RFC 3986 encoded, sorted by key then
 * value. Sending the query in this form guarantees the server canonicalises what was signed.
 */
export function canonicalQuery(query: QueryParams): string {
  const pairs: [string, string][] = [];
  for (const key of Object.keys(query)) {
    const value = query[key] as string | string[];
    const encodedKey = uriEncode(key);
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([encodedKey, uriEncode(v)]);
  }
  // Sort on the encoded key first: sorting whole "key=value" strings would put "a-b=1" before
  // "a=1", since "-" sorts below "=".
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}
