import type { CredentialProvider, Credentials } from "@objstore/credentials";
import { canonicalPath, canonicalQuery, parseQuery, type QueryParams } from "./canonical-url.js";
import { SigningError } from "./errors.js";
import { sha256Hex } from "./sha256.js";
import { NodeSignatureV4 } from "./sigv4.js";

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
  credentials: CredentialProvider;
  /**
   * `"s3"` (default) sends a session token as `x-amz-security-token`; `"s3express"` signs for
   * S3 Express One Zone with session credentials and sends the token as `x-amz-s3session-token`.
   */
  service?: S3SigningService;
}

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
 * every header to send, lower-cased, with `authorization`, `x-amz-date` and
 * `x-amz-content-sha256` added.
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
 * `x-amz-content-sha256` for a payload that is not hashed.
 *
 * @example
 * ```ts
 * signed.headers["x-amz-content-sha256"] === UNSIGNED_PAYLOAD; // for a streamed body
 * ```
 */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

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
const CONTENT_SHA256 = "x-amz-content-sha256";
const SECURITY_TOKEN = "x-amz-security-token";
const S3_SESSION_TOKEN = "x-amz-s3session-token";
// Headers the signer owns: left over from an earlier signature they would be stale.
const OWNED_HEADERS = new Set(["authorization", "x-amz-date", SECURITY_TOKEN, S3_SESSION_TOKEN]);
const PRESIGN_UNSIGNED = new Set([CONTENT_SHA256]);

interface SmithyRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: QueryParams;
  headers: Record<string, string>;
}

/**
 * AWS Signature Version 4 for S3, on `@smithy/signature-v4` with `node:crypto` hashing.
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
  readonly #credentials: CredentialProvider;
  #clockOffsetMs = 0;
  readonly #cores = new WeakMap<Credentials, NodeSignatureV4>();

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
    const prepared = this.#prepare(request, url);
    if (!Object.hasOwn(prepared.headers, CONTENT_SHA256))
      prepared.headers[CONTENT_SHA256] = payloadHash(request);
    const credentials = await this.#resolveCredentials(prepared);
    const signed = (await this.#core(credentials).sign(prepared, {
      signingDate: this.#date(options),
    })) as SmithyRequest;
    const headers = signed.headers;
    if (!request.headers || !hasHeader(request.headers, "host")) delete headers.host;
    return { method: prepared.method, url: withPathAndQuery(url, prepared), headers };
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
    const prepared = this.#prepare({ ...request, method }, url);
    prepared.headers[CONTENT_SHA256] = UNSIGNED_PAYLOAD;
    const credentials = await this.#resolveCredentials(prepared);
    if (this.service === "s3express" && prepared.headers[S3_SESSION_TOKEN] !== undefined) {
      prepared.query["X-Amz-S3session-Token"] = prepared.headers[S3_SESSION_TOKEN];
      delete prepared.headers[S3_SESSION_TOKEN];
    }
    const presigned = (await this.#core(credentials).presign(prepared, {
      signingDate: this.#date(options),
      expiresIn: expiresInSeconds,
      unsignableHeaders: PRESIGN_UNSIGNED,
      unhoistableHeaders: PRESIGN_UNSIGNED,
    })) as SmithyRequest;
    const { "X-Amz-Signature": signature, ...rest } = presigned.query;
    url.pathname = prepared.path;
    url.search = `${canonicalQuery(rest)}&X-Amz-Signature=${signature as string}`;
    return url.toString();
  }

  // One core per credentials object: a caching provider hands out the same object until it
  // refreshes, so the core (which binds its credentials) is reused across signatures.
  #core(credentials: Credentials): NodeSignatureV4 {
    let core = this.#cores.get(credentials);
    if (core === undefined) {
      core = new NodeSignatureV4({
        service: this.service,
        region: this.region,
        credentials: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          // S3 Express sends its session token in its own header, set by #resolveCredentials.
          ...(this.service === "s3" && credentials.sessionToken
            ? { sessionToken: credentials.sessionToken }
            : {}),
        },
        uriEscapePath: false,
        applyChecksum: false,
      });
      this.#cores.set(credentials, core);
    }
    return core;
  }

  #date(options: SigningOptions): Date {
    return options.signingDate ?? new Date(Date.now() + this.#clockOffsetMs);
  }

  #prepare(request: SignableRequest, url: URL): SmithyRequest {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      const lower = name.toLowerCase();
      if (!OWNED_HEADERS.has(lower)) headers[lower] = String(value);
    }
    headers.host ??= url.host;
    return {
      method: request.method.toUpperCase(),
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === "" ? {} : { port: Number(url.port) }),
      path: canonicalPath(url.pathname),
      query: parseQuery(url),
      headers,
    };
  }

  /** Asks the provider, checks the answer, and puts an S3 Express token where it belongs. */
  async #resolveCredentials(prepared: SmithyRequest): Promise<Credentials> {
    const credentials = await this.#credentials.getCredentials();
    if (
      typeof credentials?.accessKeyId !== "string" ||
      credentials.accessKeyId === "" ||
      typeof credentials.secretAccessKey !== "string" ||
      credentials.secretAccessKey === ""
    )
      throw new SigningError(
        "the credential provider returned no usable credentials: accessKeyId and secretAccessKey must be non-empty strings",
      );
    if (this.service === "s3express" && credentials.sessionToken)
      prepared.headers[S3_SESSION_TOKEN] = credentials.sessionToken;
    return credentials;
  }
}

/** A fresh URL the signer may modify, whatever the caller passed. */
function toUrl(input: URL | string): URL {
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

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function payloadHash(request: SignableRequest): string {
  const { body } = request;
  if (request.unsignedPayload) return UNSIGNED_PAYLOAD;
  if (body === undefined || body === null) return sha256Hex("");
  if (typeof body === "string" || body instanceof Uint8Array) return sha256Hex(body);
  return UNSIGNED_PAYLOAD;
}

/** Puts the signed form of path and query into `url`, a copy owned by the signer. */
function withPathAndQuery(url: URL, prepared: SmithyRequest): URL {
  url.pathname = prepared.path;
  url.search = canonicalQuery(prepared.query);
  return url;
}
