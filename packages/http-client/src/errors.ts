import { redactUrl } from "@objstore/config-keys";

/** Where a request stood when it failed; drives what the message says. */
interface HttpErrorDetails {
  method: string;
  url: string | URL;
  retries: number;
  cause?: unknown;
}

/**
 * Base class of every transport failure of {@link HttpClient}: the request could not be
 * completed (a non-2xx status is not an error here; it is returned). `url` has its credentials
 * and presigned-URL signature redacted; no header value (Authorization...) is ever included.
 *
 * @example
 * ```ts
 * try {
 *   await client.request({ method: "GET", url });
 * } catch (err) {
 *   if (err instanceof HttpError) console.error(err.method, err.url, err.retries, err.cause);
 * }
 * ```
 */
export class HttpError extends Error {
  override name = "HttpError";
  readonly method: string;
  /** The request URL with credentials and signature-bearing query parameters redacted. */
  readonly url: string;
  /** How many retries were made before giving up. */
  readonly retries: number;

  /** @internal Built by {@link HttpClient}. */
  constructor(what: string, details: HttpErrorDetails) {
    const url = redactUrl(String(details.url));
    const retried =
      details.retries > 0
        ? ` after ${details.retries} ${details.retries === 1 ? "retry" : "retries"}`
        : "";
    super(
      `${details.method} ${url} failed${retried}: ${what}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.method = details.method;
    this.url = url;
    this.retries = details.retries;
  }
}

/** The connection failed: refused, reset, DNS lookup failed, TLS handshake rejected... */
export class ConnectionError extends HttpError {
  override name = "ConnectionError";
}

/** Which timeout fired: `connect_timeout`, `timeout` (whole request) or `read_timeout`. */
export type TimeoutKind = "connect" | "request" | "read";

/** A timeout fired; `kind` says which one. */
export class TimeoutError extends HttpError {
  override name = "TimeoutError";
  readonly kind: TimeoutKind;

  /** @internal Built by {@link HttpClient}. */
  constructor(what: string, kind: TimeoutKind, details: HttpErrorDetails) {
    super(what, details);
    this.kind = kind;
  }
}

/**
 * The caller's `AbortSignal` fired. `name` is `"AbortError"` like the DOM's, so code that checks
 * `err.name === "AbortError"` keeps working; `cause` is the signal's reason.
 */
export class RequestAbortedError extends HttpError {
  override name = "AbortError";
}

/** Why a broken download could not be resumed. */
export type ResumeFailure = "etag-changed" | "unexpected-range" | "unexpected-status";

/**
 * A download broke mid-body and resuming it would not give the same bytes: the object changed
 * (its ETag differs, or the server answered 412 to `If-Match`), or the server answered the
 * ranged request with another range or status. The caller got every byte up to `received` and
 * none after: data is never spliced from two versions.
 */
export class ResumeError extends HttpError {
  override name = "ResumeError";
  readonly reason: ResumeFailure;
  /** Bytes delivered to the reader before the body broke. */
  readonly received: number;

  /** @internal Built by {@link HttpClient}. */
  constructor(what: string, reason: ResumeFailure, received: number, details: HttpErrorDetails) {
    super(`the body broke after ${received} bytes and could not be resumed: ${what}`, details);
    this.reason = reason;
    this.received = received;
  }
}
