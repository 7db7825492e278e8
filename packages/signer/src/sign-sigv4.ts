import { SigningError } from "./errors.js";
import { ownHeaders, type SignedRequest, toUrl } from "./request.js";
import type { SigningCredentials } from "./signing-credentials.js";
import {
  amzDate,
  CONTENT_SHA256,
  checkCredentials,
  EMPTY_SHA256,
  GENERATED_HEADERS,
  SECURITY_TOKEN,
  type SigningScope,
  sha256Hex,
  signHeaders,
} from "./sigv4.js";

const SCOPE_NAME = /^[A-Za-z0-9][A-Za-z0-9-_]*$/;

/**
 * A request for {@link signSigV4}: any AWS service's HTTP request.
 *
 * @example
 * ```ts
 * const request: SigV4Request = {
 *   method: "POST",
 *   url: "https://sts.us-east-1.amazonaws.com/",
 *   headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
 *   body: "Action=GetCallerIdentity&Version=2011-06-15",
 * };
 * ```
 */
export interface SigV4Request {
  method: string;
  /**
   * Absolute http(s) URL. The path is signed as sent, percent-encoded exactly once (S3's and
   * STS's rule; existing `%XX` escapes are kept); the query is decoded and re-encoded
   * canonically. Services that sign a doubly encoded or dot-normalised path are not covered.
   */
  url: URL | string;
  /** Headers to sign and send (names any case); `host` comes from the URL unless given. */
  headers?: Record<string, string>;
  /** Hashed for the signature unless `payloadHash` or an `x-amz-content-sha256` header is given. */
  body?: string | Uint8Array | null;
}

/**
 * Options of {@link signSigV4}.
 *
 * @example
 * ```ts
 * const options: SigV4Options = { service: "sts", region: "eu-west-1", credentials };
 * ```
 */
export interface SigV4Options {
  /** Signing name of the service, e.g. `"sts"` or `"s3"`. */
  service: string;
  /** Region of the credential scope, e.g. `"us-east-1"`. */
  region: string;
  credentials: SigningCredentials;
  /** Signing instant; default now. */
  date?: Date | undefined;
  /**
   * Hex SHA-256 of the body, or `"UNSIGNED-PAYLOAD"` where the service allows it. Default: the
   * request's `x-amz-content-sha256` header if it has one, else the hash of `body` (of no bytes
   * without one). It is signed, not added as a header: add `x-amz-content-sha256` yourself for
   * services that want it (S3).
   */
  payloadHash?: string | undefined;
  /** Header that carries a session token; default `x-amz-security-token`. */
  sessionTokenHeader?: string | undefined;
}

const GENERATED = new Set(GENERATED_HEADERS);

/**
 * Signs a request for any AWS service with SigV4 in the `Authorization` header, on
 * `node:crypto`. The signing key is derived once per secret, day, region and service and
 * cached. Returns the URL to send (path and query in the signed form) and every header to send:
 * the given ones with lower-case names (a given `authorization`, `x-amz-date` or `date` is
 * dropped), plus `x-amz-date`, `authorization` and, when the credentials have a session token,
 * the token header. `host` is signed but left to the URL unless given.
 *
 * @example
 * ```ts
 * const signed = signSigV4(
 *   { method: "POST", url: "https://sts.eu-west-1.amazonaws.com/", headers: { "content-type": form }, body },
 *   { service: "sts", region: "eu-west-1", credentials },
 * );
 * await fetch(signed.url, { method: "POST", headers: signed.headers, body });
 * ```
 */
export function signSigV4(request: SigV4Request, options: SigV4Options): SignedRequest {
  for (const part of ["service", "region"] as const)
    if (typeof options[part] !== "string" || !SCOPE_NAME.test(options[part]))
      throw new SigningError(
        `invalid signing ${part} ${JSON.stringify(options[part])}: expected a name like ${part === "region" ? '"us-east-1"' : '"sts"'}`,
      );
  checkCredentials(options.credentials, "signSigV4 was given");
  const tokenHeader = options.sessionTokenHeader?.toLowerCase() ?? SECURITY_TOKEN;
  const url = toUrl(request.url);
  const headers = ownHeaders(request.headers, GENERATED);
  const { body } = request;
  const payloadHash =
    options.payloadHash ??
    headers[CONTENT_SHA256] ??
    (body === undefined || body === null ? EMPTY_SHA256 : sha256Hex(body));
  const scope: SigningScope = {
    credentials: options.credentials,
    region: options.region,
    service: options.service,
    amzDate: amzDate(options.date ?? new Date()),
  };
  return signHeaders(request.method.toUpperCase(), url, headers, payloadHash, scope, tokenHeader);
}
