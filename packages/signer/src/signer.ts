import { SigningError } from "./errors.js";
import { ownHeaders, type SignableRequest, type SignedRequest, toUrl } from "./request.js";
import type { SigningCredentialProvider, SigningCredentials } from "./signing-credentials.js";
import {
  amzDate,
  CONTENT_SHA256,
  checkCredentials,
  EMPTY_SHA256,
  GENERATED_HEADERS,
  presignQuery,
  SECURITY_TOKEN,
  type SigningScope,
  sha256Hex,
  signHeaders,
  UNSIGNED_PAYLOAD,
} from "./sigv4.js";

/**
 * The service a signer signs for: S3, or S3 Express One Zone directory buckets.
 *
 * @example
 * ```ts
 * const service: S3SigningService = bucket.endsWith("--x-s3") ? "s3express" : "s3";
 * ```
 */
export type S3SigningService = "s3" | "s3express";

/**
 * Options of {@link S3Signer}.
 *
 * @example
 * ```ts
 * const options: S3SignerOptions = { region: "us-east-1", credentials: envProvider() };
 * ```
 */
export interface S3SignerOptions {
  /** Region in the credential scope, e.g. `"us-east-1"`. */
  region: string;
  /** Where credentials come from; asked once per signature (wrap slow sources in a cache). */
  credentials: SigningCredentialProvider;
  /**
   * `"s3"` (default) sends a session token as `x-amz-security-token`; `"s3express"` signs for
   * S3 Express One Zone with session credentials and sends the token as `x-amz-s3session-token`.
   */
  service?: S3SigningService;
}

/**
 * Per-call options of {@link S3Signer.sign} and {@link S3Signer.presign}.
 *
 * @example
 * ```ts
 * await signer.sign(request, { signingDate: new Date("2013-05-24T00:00:00Z") });
 * ```
 */
export interface SigningOptions {
  /** Sign as of this instant instead of now (plus the adopted clock offset). For tests. */
  signingDate?: Date;
}

/**
 * Presigned URLs live at least a second and at most seven days (the SigV4 limit).
 *
 * @example
 * ```ts
 * await signer.presign(request, Math.min(ttlSeconds, MAX_PRESIGN_EXPIRY_SECONDS));
 * ```
 */
export const MAX_PRESIGN_EXPIRY_SECONDS = 7 * 24 * 3600;

const PRESIGNABLE_METHODS = new Set(["GET", "PUT", "HEAD", "DELETE"]);
const S3_SESSION_TOKEN = "x-amz-s3session-token";
// Both token headers, whichever service: a token left from another signer would be stale.
const OWNED_HEADERS = new Set([...GENERATED_HEADERS, SECURITY_TOKEN, S3_SESSION_TOKEN]);
// A presigned URL carries no payload hash: S3 takes UNSIGNED-PAYLOAD for it.
const PRESIGN_OWNED_HEADERS = new Set([...OWNED_HEADERS, CONTENT_SHA256]);

/**
 * AWS Signature Version 4 for S3, on our own SigV4 core over `node:crypto`.
 *
 * `sign` adds `authorization`, `x-amz-date`, `x-amz-content-sha256` (always) and the session
 * token header; `presign` returns a URL that grants the request on its own until it expires.
 * When S3 answers `RequestTimeTooSkewed`, pass its `Date` header to {@link adoptServerClock}:
 * later signatures use the server's clock.
 *
 * @example
 * ```ts
 * const signer = new S3Signer({ region: "eu-west-1", credentials: envProvider() });
 * const signed = await signer.sign({ method: "GET", url: "https://bucket.s3.eu-west-1.amazonaws.com/a%20b.txt" });
 * await fetch(signed.url, { headers: signed.headers });
 * const link = await signer.presign({ method: "GET", url: signed.url }, 3600);
 * ```
 */
export class S3Signer {
  readonly region: string;
  readonly service: S3SigningService;
  readonly #credentials: SigningCredentialProvider;
  #clockOffsetMs = 0;

  constructor(options: S3SignerOptions) {
    if (typeof options?.region !== "string" || !/^[A-Za-z0-9][A-Za-z0-9-_]*$/.test(options.region))
      throw new SigningError(
        `invalid signing region ${JSON.stringify(options?.region)}: expected a name like "us-east-1"`,
      );
    if (typeof options.credentials?.getCredentials !== "function")
      throw new SigningError(
        "S3Signer needs a credential provider (an object with getCredentials)",
      );
    const service = options.service ?? "s3";
    if (service !== "s3" && service !== "s3express")
      throw new SigningError(`invalid signing service "${service}": expected "s3" or "s3express"`);
    this.region = options.region;
    this.service = service;
    this.#credentials = options.credentials;
  }

  /** Milliseconds added to the local clock when signing (0 until a server clock is adopted). */
  get clockOffsetMs(): number {
    return this.#clockOffsetMs;
  }

  /**
   * Adopts a server's clock after it rejected a request as `RequestTimeTooSkewed`: later
   * signatures are dated by the server's clock. Give the response's `Date` header (or the
   * `ServerTime` of the error body). Returns the new offset in milliseconds.
   *
   * @example
   * ```ts
   * if (code === "RequestTimeTooSkewed") signer.adoptServerClock(response.headers.date);
   * ```
   */
  adoptServerClock(serverTime: Date | string, localTime: Date = new Date()): number {
    const server = serverTime instanceof Date ? serverTime : new Date(serverTime);
    if (Number.isNaN(server.getTime()))
      throw new SigningError(`cannot adopt server clock: "${String(serverTime)}" is not a date`);
    this.#clockOffsetMs = server.getTime() - localTime.getTime();
    return this.#clockOffsetMs;
  }

  /**
   * Signs a request with headers. The body is hashed when it is in memory, unless
   * `unsignedPayload` is set; a caller-given `x-amz-content-sha256` is kept as is.
   */
  async sign(request: SignableRequest, options: SigningOptions = {}): Promise<SignedRequest> {
    const url = toUrl(request.url);
    const headers = ownHeaders(request.headers, OWNED_HEADERS);
    const payloadHash = headers[CONTENT_SHA256] ?? payloadHashOf(request);
    headers[CONTENT_SHA256] = payloadHash;
    const scope = await this.#scope(options);
    const tokenHeader = this.service === "s3express" ? S3_SESSION_TOKEN : SECURITY_TOKEN;
    return signHeaders(request.method.toUpperCase(), url, headers, payloadHash, scope, tokenHeader);
  }

  /**
   * A presigned URL for GET, PUT, HEAD or DELETE, valid for `expiresInSeconds` (1 s to 7 days).
   * The payload is unsigned; `x-amz-*` headers move into the query, other headers given here are
   * signed and must be sent by whoever uses the URL.
   */
  async presign(
    request: Omit<SignableRequest, "body" | "unsignedPayload">,
    expiresInSeconds: number,
    options: SigningOptions = {},
  ): Promise<string> {
    const method = request.method.toUpperCase();
    if (!PRESIGNABLE_METHODS.has(method))
      throw new SigningError(
        `cannot presign a ${request.method} request: only GET, PUT, HEAD and DELETE can be presigned`,
      );
    if (
      !Number.isInteger(expiresInSeconds) ||
      expiresInSeconds < 1 ||
      expiresInSeconds > MAX_PRESIGN_EXPIRY_SECONDS
    )
      throw new SigningError(
        `invalid presigned URL expiry ${expiresInSeconds}: expected a whole number of seconds between 1 and ${MAX_PRESIGN_EXPIRY_SECONDS} (7 days)`,
      );
    const url = toUrl(request.url);
    const headers = ownHeaders(request.headers, PRESIGN_OWNED_HEADERS);
    const scope = await this.#scope(options);
    const tokenParam =
      this.service === "s3express" ? "X-Amz-S3session-Token" : "X-Amz-Security-Token";
    return presignQuery(method, url, headers, scope, expiresInSeconds, tokenParam);
  }

  /** Asks the provider for credentials (every time: it may have refreshed) and dates the signature. */
  async #scope(options: SigningOptions): Promise<SigningScope> {
    const credentials: SigningCredentials = await this.#credentials.getCredentials();
    checkCredentials(credentials, "the credential provider returned");
    const date = options.signingDate ?? new Date(Date.now() + this.#clockOffsetMs);
    return { credentials, region: this.region, service: this.service, amzDate: amzDate(date) };
  }
}

function payloadHashOf(request: SignableRequest): string {
  const { body } = request;
  if (request.unsignedPayload) return UNSIGNED_PAYLOAD;
  if (body === undefined || body === null) return EMPTY_SHA256;
  if (typeof body === "string" || body instanceof Uint8Array) return sha256Hex(body);
  return UNSIGNED_PAYLOAD;
}
