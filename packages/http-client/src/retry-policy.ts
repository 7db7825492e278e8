/**
 * How a transport failure is treated:
 * - `connect`: the request never left (refused, DNS, connect timeout): always safe to retry;
 * - `timeout` / `reset`: the server may have acted on it: retried for idempotent requests only;
 * - `tls`: a certificate or handshake problem that retrying cannot fix;
 * - `fatal`: anything else (bad argument, client closed): never retried.
 */
export type FailureKind = "connect" | "timeout" | "reset" | "tls" | "fatal";

const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);
const RESET_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Classifies an error thrown by undici (or Node's net/tls) for the retry rules.
 *
 * @example
 * ```ts
 * classifyFailure(Object.assign(new Error("refused"), { code: "ECONNREFUSED" })); // "connect"
 * ```
 */
export function classifyFailure(err: unknown): FailureKind {
  // undici wraps some socket errors; the innermost code is the informative one.
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = codeOf(e);
    if (code !== undefined) {
      if (CONNECT_CODES.has(code)) return "connect";
      if (TIMEOUT_CODES.has(code)) return "timeout";
      if (RESET_CODES.has(code)) return "reset";
      if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(code)) return "tls";
    }
    e = (e as { cause?: unknown }).cause;
  }
  return "fatal";
}

/** True for the statuses retried for every request: 408, 429 and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

// S3 answers some CopyObject, CompleteMultipartUpload and DeleteObjects calls with 200 and an
// <Error> document; these codes mean "try again" (AWS documents them as retryable).
const RETRYABLE_ERROR_BODY_CODES = new Set(["InternalError", "SlowDown", "ServiceUnavailable"]);

// Throttling and transient codes AWS services send with status 400 (S3 RequestTimeout, STS
// Throttling...): the AWS SDKs retry these, so do we.
const RETRYABLE_400_CODES = new Set([
  "RequestTimeout",
  "RequestTimeoutException",
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "SlowDown",
  "PriorRequestNotComplete",
]);

/** The `<Code>` of an XML `<Error>` document, or undefined when the text is not one. */
export function errorCodeOf(text: string): string | undefined {
  if (!/<Error[\s>]/.test(text)) return undefined;
  return /<Code>\s*([^<\s]+)\s*<\/Code>/.exec(text)?.[1];
}

/** True when a 2xx body is an S3 `<Error>` document that asks to retry (`InternalError`, `SlowDown`). */
export function isRetryableErrorBody(text: string): boolean {
  const code = errorCodeOf(text);
  return code !== undefined && RETRYABLE_ERROR_BODY_CODES.has(code);
}

/** True when a 400 body carries an AWS throttling or transient error code. */
export function isRetryable400Body(text: string): boolean {
  const code = errorCodeOf(text);
  return code !== undefined && RETRYABLE_400_CODES.has(code);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

/** Whether a request counts as idempotent when the caller did not say. */
export function defaultIdempotent(method: string): boolean {
  return SAFE_METHODS.has(method);
}
