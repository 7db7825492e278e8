import { createHmac, hash } from "node:crypto";
import { canonicalPath, canonicalQuery, parseQuery } from "./canonical-url.js";
import { SigningError } from "./errors.js";
import type { SignedRequest } from "./request.js";
import type { SigningCredentials } from "./signing-credentials.js";
import { signingKey } from "./signing-key.js";

const ALGORITHM = "AWS4-HMAC-SHA256";
export const SECURITY_TOKEN = "x-amz-security-token";
export const CONTENT_SHA256 = "x-amz-content-sha256";
/**
 * Hex SHA-256 of no bytes: the payload hash of a request without a body.
 *
 * @example
 * ```ts
 * headers["x-amz-content-sha256"] = body ? sha256(body) : EMPTY_SHA256;
 * ```
 */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/**
 * `x-amz-content-sha256` (and payload hash) for a payload that is not hashed.
 *
 * @example
 * ```ts
 * signed.headers["x-amz-content-sha256"] === UNSIGNED_PAYLOAD; // for a streamed body
 * ```
 */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
/** Headers every signature sets itself; a caller's copy is dropped. */
export const GENERATED_HEADERS: readonly string[] = ["authorization", "x-amz-date", "date"];

// Headers that clients, proxies and HTTP stacks add, drop or rewrite on the way (the AWS SDKs
// skip the same ones): a signature over them would break in transit.
const UNSIGNABLE = new Set([
  "authorization",
  "cache-control",
  "connection",
  "expect",
  "from",
  "keep-alive",
  "max-forwards",
  "pragma",
  "referer",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "x-amzn-trace-id",
]);

// SigV4 signs values with line breaks as spaces, runs of spaces and tabs as one space, and no
// space at either end; most values need none of it, so test before rewriting.
const NEEDS_FOLDING = /[\t\r\n]| {2}|^ | $/;

function headerValue(value: string): string {
  if (!NEEDS_FOLDING.test(value)) return value;
  return value
    .replace(/[\r\n]/g, " ")
    .replace(/[ \t]+/g, " ")
    .replace(/^ | $/g, "");
}

/** Hex SHA-256, as payload hashes and the canonical request hash are written. */
export function sha256Hex(data: string | Uint8Array): string {
  return hash("sha256", data, "hex");
}

// Signatures made in the same second share their date: remember the last one written.
let lastSecond = Number.NaN;
let lastStamp = "";

/** `YYYYMMDD'T'HHMMSS'Z'`, the form of `x-amz-date`. */
export function amzDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second === lastSecond) return lastStamp;
  if (Number.isNaN(second))
    throw new SigningError("cannot sign: the signing date is not a valid date");
  const iso = date.toISOString();
  lastStamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  lastSecond = second;
  return lastStamp;
}

/**
 * Throws unless both keys are non-empty strings; the message, which starts with `origin`
 * (who handed them over), never shows them.
 */
export function checkCredentials(
  credentials: SigningCredentials | undefined,
  origin: string,
): void {
  if (
    typeof credentials?.accessKeyId !== "string" ||
    credentials.accessKeyId === "" ||
    typeof credentials.secretAccessKey !== "string" ||
    credentials.secretAccessKey === ""
  )
    throw new SigningError(
      `${origin} no usable credentials: accessKeyId and secretAccessKey must be non-empty strings`,
    );
}

/** Who signs, where and when: everything of a signature but the request. */
export interface SigningScope {
  credentials: SigningCredentials;
  region: string;
  service: string;
  /** The signing instant as {@link amzDate} writes it. */
  amzDate: string;
}

interface CanonicalHeaders {
  /** Signed header names, sorted and `;`-joined. */
  names: string;
  /** `name:value` lines, in the same order. */
  block: string;
}

/** The headers SigV4 signs, with `host` taken from the URL unless `headers` has one. */
function canonicalHeaders(headers: Record<string, string>, host: string): CanonicalHeaders {
  const sorted = Object.keys(headers);
  if (headers.host === undefined) sorted.push("host");
  sorted.sort();
  let names = "";
  let block = "";
  for (const name of sorted) {
    if (UNSIGNABLE.has(name) || name.startsWith("proxy-") || name.startsWith("sec-")) continue;
    const line = `${name}:${headerValue(headers[name] ?? host)}`;
    names = names === "" ? name : `${names};${name}`;
    block = block === "" ? line : `${block}\n${line}`;
  }
  return { names, block };
}

function credentialScope(scope: SigningScope): string {
  return `${scope.amzDate.slice(0, 8)}/${scope.region}/${scope.service}/aws4_request`;
}

/** The signature: HMAC of the string to sign, which holds the hash of the canonical request. */
function signature(
  method: string,
  path: string,
  query: string,
  headers: CanonicalHeaders,
  payloadHash: string,
  scope: SigningScope,
  credentialScope: string,
): string {
  const canonicalRequest = `${method}\n${path}\n${query}\n${headers.block}\n\n${headers.names}\n${payloadHash}`;
  const stringToSign = `${ALGORITHM}\n${scope.amzDate}\n${credentialScope}\n${sha256Hex(canonicalRequest)}`;
  const key = signingKey(
    scope.credentials.secretAccessKey,
    scope.amzDate.slice(0, 8),
    scope.region,
    scope.service,
  );
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

/** Puts the signed path and query into `url`, only where they differ: each setter re-parses. */
function rewriteUrl(url: URL, path: string, query: string): void {
  if (url.pathname !== path) url.pathname = path;
  if (url.search.slice(1) !== query || (query === "" && url.href.endsWith("?"))) url.search = query;
}

/**
 * Header signing of a prepared request: `url` and `headers` (lower-case names, none of the
 * generated ones) belong to the signer and are completed in place.
 */
export function signHeaders(
  method: string,
  url: URL,
  headers: Record<string, string>,
  payloadHash: string,
  scope: SigningScope,
  sessionTokenHeader: string,
): SignedRequest {
  const path = canonicalPath(url.pathname);
  const query = url.search === "" ? "" : canonicalQuery(parseQuery(url));
  rewriteUrl(url, path, query);
  headers["x-amz-date"] = scope.amzDate;
  const token = scope.credentials.sessionToken;
  if (token) headers[sessionTokenHeader] = token;
  const signed = canonicalHeaders(headers, url.host);
  const credential = credentialScope(scope);
  const sig = signature(method, path, query, signed, payloadHash, scope, credential);
  headers.authorization = `${ALGORITHM} Credential=${scope.credentials.accessKeyId}/${credential}, SignedHeaders=${signed.names}, Signature=${sig}`;
  return { method, url, headers };
}

/**
 * Query signing of a prepared request: `x-amz-*` headers move into the query, the others are
 * signed; the payload is unsigned. Returns the presigned URL.
 */
export function presignQuery(
  method: string,
  url: URL,
  headers: Record<string, string>,
  scope: SigningScope,
  expiresInSeconds: number,
  sessionTokenParam: string,
): string {
  const path = canonicalPath(url.pathname);
  const query = parseQuery(url);
  // A signature left from presigning this URL before is replaced, never signed.
  for (const name of Object.keys(query))
    if (name.toLowerCase() === "x-amz-signature") delete query[name];
  for (const name of Object.keys(headers)) {
    if (!name.startsWith("x-amz-")) continue;
    query[name] = headers[name] as string;
    delete headers[name];
  }
  const token = scope.credentials.sessionToken;
  if (token) query[sessionTokenParam] = token;
  const credential = credentialScope(scope);
  const signed = canonicalHeaders(headers, url.host);
  query["X-Amz-Algorithm"] = ALGORITHM;
  query["X-Amz-Credential"] = `${scope.credentials.accessKeyId}/${credential}`;
  query["X-Amz-Date"] = scope.amzDate;
  query["X-Amz-Expires"] = String(expiresInSeconds);
  query["X-Amz-SignedHeaders"] = signed.names;
  const canonical = canonicalQuery(query);
  const sig = signature(method, path, canonical, signed, UNSIGNED_PAYLOAD, scope, credential);
  rewriteUrl(url, path, `${canonical}&X-Amz-Signature=${sig}`);
  return url.toString();
}
