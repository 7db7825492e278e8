import { SigningError } from "./errors.js";

/**
 * A request to sign. The URL path must already be percent-encoded once as S3 wants it (every
 * byte of the key outside `A-Z a-z 0-9 - . _ ~ /` as `%XX`); leftover reserved characters are
 * encoded for you, existing `%XX` escapes are never encoded again. Query values are decoded
 * and re-encoded canonically, so give a space as `%20`, never `+`.
 *
 * @example
 * ```ts
 * const request: SignableRequest = {
 *   method: "PUT",
 *   url: `https://bucket.s3.amazonaws.com/${key.split("/").map(encodeURIComponent).join("/")}`,
 *   headers: { "content-type": "text/plain" },
 *   body: "hello",
 * };
 * ```
 */
export interface SignableRequest {
  method: string;
  url: URL | string;
  headers?: Record<string, string>;
  /** A body in memory is hashed into `x-amz-content-sha256`; any other body is sent unsigned. */
  body?: Uint8Array | string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null;
  /** Sign `UNSIGNED-PAYLOAD` instead of hashing the body (saves a pass over large bodies). */
  unsignedPayload?: boolean;
}

/**
 * The signed request: the URL to send (path and query in the exact form that was signed) and
 * every header to send, lower-cased, with `authorization` and `x-amz-date` added (and, from
 * `S3Signer.sign`, `x-amz-content-sha256`).
 *
 * @example
 * ```ts
 * const { url, headers } = await signer.sign(request);
 * await fetch(url, { method: "PUT", headers, body: request.body });
 * ```
 */
export interface SignedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
}

/** A URL the signer owns and may rewrite, whatever the caller passed. */
export function toUrl(input: URL | string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch (cause) {
    throw new SigningError(`cannot sign: "${String(input)}" is not an absolute URL`, { cause });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new SigningError(`cannot sign a ${url.protocol} URL: expected http: or https:`);
  return url;
}

/**
 * The caller's headers with lower-case names, minus those the signer sets itself: left over
 * from an earlier signature they would be stale.
 */
export function ownHeaders(
  given: Record<string, string> | undefined,
  owned: ReadonlySet<string>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (given === undefined) return headers;
  for (const name of Object.keys(given)) {
    const lower = name.toLowerCase();
    if (!owned.has(lower)) headers[lower] = String(given[name]);
  }
  return headers;
}
