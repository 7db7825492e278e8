import type { Readable } from "node:stream";
import {
  type ClientOptions,
  ConfigError,
  inspectCustom,
  parseClientOptions,
  parseRetryConfig,
  type RetryConfig,
  type RetryConfigInput,
  redactConfig,
  redactUrl,
} from "@objstore/config-keys";
import type { Dispatcher } from "undici";
import { Attempt, failureOf } from "./attempt.js";
import { BodyReader, type BodySegment, type OnBodyBreak } from "./body-reader.js";
import { Dispatchers } from "./dispatcher.js";
import { type HttpError, RequestAbortedError, ResumeError } from "./errors.js";
import { proxyPlan } from "./proxy.js";
import { type PreparedBody, prepareBody, type RequestBody } from "./request-body.js";
import { HttpResponse } from "./response.js";
import { checkResume, type ResumeTarget, resumeHeaders, resumeTarget } from "./resume.js";
import { RetryBudget, sleep } from "./retry-budget.js";
import {
  defaultIdempotent,
  type FailureKind,
  isRetryable400Body,
  isRetryableErrorBody,
  isRetryableStatus,
} from "./retry-policy.js";
import { DEFAULT_USER_AGENT } from "./user-agent.js";

/** The request as it will be sent, handed to {@link HttpRequest.beforeAttempt}. */
export interface PreparedRequest {
  method: string;
  url: URL;
  /** Every header of the attempt (default headers, user agent, caller's, Range...), lower case. */
  headers: Record<string, string>;
}

/**
 * One HTTP request.
 *
 * @example
 * ```ts
 * const res = await client.request({
 *   method: "PUT",
 *   url: "https://bucket.s3.amazonaws.com/key",
 *   body: () => createReadStream("file.bin"), // reopenable: can be replayed on retry
 *   headers: { "content-length": String(size) },
 *   idempotent: true,
 *   beforeAttempt: (p) => signer.sign(p), // fresh signature for each attempt
 * });
 * ```
 */
export interface HttpRequest {
  method: string;
  url: string | URL;
  headers?: Record<string, string>;
  /** Bytes, text, a stream or async iterable, or a function that opens the body anew per attempt. */
  body?: RequestBody;
  signal?: AbortSignal;
  /** Whether repeating the request is harmless. Default: true for GET, HEAD, OPTIONS, TRACE. */
  idempotent?: boolean;
  /** Retry a 2xx whose body is an S3 `<Error>` (InternalError, SlowDown) like a 5xx. Default false. */
  retryOnErrorBody?: boolean;
  /** Retry 409 (S3's ConditionalRequestConflict on conditional puts). Default false. */
  retryOnConflict?: boolean;
  /** Resume a broken GET body with `Range` + `If-Match`. Default true for GET. */
  resumable?: boolean;
  /**
   * Called before every attempt, resumes included; returns the headers to send. This is where
   * a signer adds a fresh date and signature.
   */
  beforeAttempt?: (
    prepared: PreparedRequest,
  ) => Promise<Record<string, string>> | Record<string, string>;
}

/** What {@link HttpClientOptions.onRetry} hears about each retry, before its backoff sleep. */
export interface RetryEvent {
  method: string;
  /** Redacted URL. */
  url: string;
  /** 1 for the first retry of the request (or of the current resume), and so on. */
  retry: number;
  /** The backoff sleep before the retry, in ms. */
  delayMs: number;
  /** Time spent so far in the current retry budget, in ms. */
  elapsedMs: number;
  /** The retryable status that caused the retry, if any. */
  status?: number;
  /** The transport failure that caused the retry, if any. */
  error?: HttpError;
  /** True when the retry continues a broken download. */
  resume: boolean;
}

/** Options of {@link HttpClient}. */
export interface HttpClientOptions {
  /** Client options in any spelling (`connect_timeout`, `connectTimeout`...), or parsed ones. */
  clientOptions?: Record<string, unknown> | Partial<ClientOptions>;
  /** Retry settings, camelCase or snake_case, durations as ms or strings. */
  retryConfig?: RetryConfigInput | RetryConfig;
  /** Called before each retry sleep; for logging or counting. Exceptions are ignored. */
  onRetry?: (event: RetryEvent) => void;
}

/** A request on its way through the retry loop. */
interface Exchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: PreparedBody;
  signal: AbortSignal | undefined;
  idempotent: boolean;
  retryOnErrorBody: boolean;
  retryOnConflict: boolean;
  beforeAttempt: HttpRequest["beforeAttempt"];
}

/** A response whose status the retry loop accepted. */
interface Sent {
  status: number;
  headers: Record<string, string>;
  segment: BodySegment;
}

function normalizeHeaders(
  raw: Record<string, string | string[] | undefined>,
): Record<string, string> {
  for (const name in raw) {
    const value = raw[name];
    if (typeof value !== "string") {
      if (value === undefined) delete raw[name];
      else raw[name] = value.join(", ");
    }
  }
  return raw as Record<string, string>;
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) out[name.toLowerCase()] = headers[name]!;
  return out;
}

function parseUrl(url: string | URL, allowHttp: boolean): URL {
  let parsed: URL;
  try {
    parsed = typeof url === "string" ? new URL(url) : url;
  } catch {
    // No cause and no input: the text may hold a presigned signature.
    throw new ConfigError("invalid request URL: expected an absolute http(s) URL");
  }
  if (parsed.protocol === "https:") return parsed;
  if (parsed.protocol === "http:") {
    if (allowHttp) return parsed;
    throw new ConfigError(
      `refusing plain-HTTP URL ${redactUrl(parsed.origin)}: set allow_http (clientOptions: { allow_http: true }) to allow unencrypted requests`,
      { key: "allow_http" },
    );
  }
  throw new ConfigError(
    `unsupported URL scheme "${parsed.protocol}": use https:// (or http:// with allow_http)`,
  );
}

/**
 * The undici transport of objstore: one keep-alive pool per origin, timeouts, proxy, TLS,
 * retries with exponential backoff and jitter, and downloads that resume transparently when a
 * body breaks mid-stream.
 *
 * @example
 * ```ts
 * const client = new HttpClient({
 *   clientOptions: { connect_timeout: "2s", allow_http: true },
 *   retryConfig: { max_retries: 3 },
 *   onRetry: (e) => console.warn(`retry ${e.retry} of ${e.method} ${e.url} in ${e.delayMs} ms`),
 * });
 * const res = await client.request({ method: "GET", url: "http://127.0.0.1:9000/bucket/key" });
 * console.log(res.status, await res.text());
 * await client.close();
 * ```
 */
export class HttpClient {
  readonly #options: ClientOptions;
  readonly #retry: RetryConfig;
  readonly #onRetry: ((event: RetryEvent) => void) | undefined;
  readonly #dispatchers: Dispatchers;
  readonly #baseHeaders: Record<string, string>;

  constructor(opts: HttpClientOptions = {}) {
    this.#options = parseClientOptions(opts.clientOptions as Record<string, unknown> | undefined);
    this.#retry = parseRetryConfig(opts.retryConfig as RetryConfigInput | undefined);
    this.#onRetry = opts.onRetry;
    this.#dispatchers = new Dispatchers(this.#options, proxyPlan(this.#options));
    this.#baseHeaders = {
      ...lowerCaseKeys(this.#options.defaultHeaders),
      "user-agent": this.#options.userAgent ?? DEFAULT_USER_AGENT,
    };
  }

  /**
   * Sends a request, retrying per the retry rules, and returns the response with its body
   * unread. Non-2xx statuses are returned; transport failures throw an {@link HttpError}.
   */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = parseUrl(req.url, this.#options.allowHttp);
    const method = req.method.toUpperCase();
    const signal = req.signal;
    if (signal?.aborted) {
      throw new RequestAbortedError("the request was aborted before it started", {
        method,
        url,
        retries: 0,
        cause: signal.reason,
      });
    }
    const headers = { ...this.#baseHeaders };
    for (const name in req.headers) headers[name.toLowerCase()] = req.headers[name]!;
    const exchange: Exchange = {
      method,
      url,
      headers,
      body: prepareBody(req.body),
      signal,
      idempotent: req.idempotent ?? defaultIdempotent(method),
      retryOnErrorBody: req.retryOnErrorBody ?? false,
      retryOnConflict: req.retryOnConflict ?? false,
      beforeAttempt: req.beforeAttempt,
    };
    const budget = new RetryBudget(this.#retry);
    let sent: Sent;
    try {
      if (!this.#dispatchers.loaded) await this.#dispatchers.load();
      sent = await this.#exchange(exchange, budget, false);
    } catch (err) {
      exchange.body.dispose();
      throw err;
    }
    const target =
      method === "GET" && (req.resumable ?? true)
        ? resumeTarget(sent.status, sent.headers)
        : undefined;
    const onBreak: OnBodyBreak = target
      ? this.#resumer(exchange, target, budget.retries)
      : async (err, attempt, received) => {
          throw failureOf(err, attempt, signal, { method, url, retries: budget.retries, received })
            .error;
        };
    return new HttpResponse(sent.status, sent.headers, new BodyReader(sent.segment, onBreak));
  }

  /** Closes every pooled connection; in-flight requests finish first. */
  async close(): Promise<void> {
    await this.#dispatchers.close();
  }

  /** The retry loop of one request (or of one resume of a broken body). */
  async #exchange(ex: Exchange, budget: RetryBudget, resume: boolean): Promise<Sent> {
    for (;;) {
      let headers = ex.headers;
      if (ex.beforeAttempt) {
        headers = await ex.beforeAttempt({
          method: ex.method,
          url: ex.url,
          headers: { ...headers },
        });
      }
      const attempt = new Attempt(this.#options.timeout, ex.signal);
      let res: Dispatcher.ResponseData;
      let buffered: Uint8Array | undefined;
      try {
        res = await this.#dispatchers.for(ex.url).request({
          origin: ex.url.origin,
          path: ex.url.pathname + ex.url.search,
          method: ex.method,
          headers,
          body: ex.body.forAttempt() as Readable | undefined,
          signal: attempt.signal,
          // undici closes the connection after every HEAD unless told otherwise, in case a server
          // sends a body anyway (undici#258); S3 servers do not. A new TCP connection per HEAD
          // cost ~3.5x the CPU of a HEAD and churned the pool for the requests after it.
          ...(ex.method === "HEAD" ? { reset: false } : {}),
        });
        if (this.#mustSniff(ex, res.statusCode)) {
          buffered = new Uint8Array(await res.body.arrayBuffer());
          attempt.finish();
        }
      } catch (err) {
        attempt.finish();
        const failure = failureOf(err, attempt, ex.signal, {
          method: ex.method,
          url: ex.url,
          retries: budget.retries,
        });
        if (!this.#mayRetry(failure.kind, ex)) throw failure.error;
        if (!(await this.#backoff(ex, budget, { error: failure.error }, resume)))
          throw failure.error;
        continue;
      }
      const status = res.statusCode;
      if (this.#retryableResponse(ex, status, buffered) && ex.body.canReplay()) {
        if (await this.#backoff(ex, budget, { status }, resume, res, attempt)) continue;
      }
      // node:stream is already loaded by undici here; fetching it now keeps it out of the import.
      const body = buffered
        ? process.getBuiltinModule("node:stream").Readable.from([buffered])
        : res.body;
      return {
        status,
        headers: normalizeHeaders(res.headers),
        segment: { body, attempt, skip: 0 },
      };
    }
  }

  /** Whether the body must be read to tell if the response is retryable (small error documents). */
  #mustSniff(ex: Exchange, status: number): boolean {
    if (!ex.body.canReplay()) return false;
    return status === 400 || (ex.retryOnErrorBody && status >= 200 && status < 300);
  }

  #retryableResponse(ex: Exchange, status: number, buffered: Uint8Array | undefined): boolean {
    if (isRetryableStatus(status)) return true;
    if (status === 409) return ex.retryOnConflict;
    if (buffered === undefined) return false;
    const text = Buffer.from(buffered).toString("utf8");
    return status === 400 ? isRetryable400Body(text) : isRetryableErrorBody(text);
  }

  #mayRetry(kind: FailureKind | "aborted", ex: Exchange): boolean {
    if (!ex.body.canReplay()) return false;
    if (kind === "connect") return true;
    return (kind === "timeout" || kind === "reset") && ex.idempotent;
  }

  /**
   * Takes a retry from the budget and sleeps its backoff; false when the budget is spent. A
   * retried response's body is drained first so its connection goes back to the pool.
   */
  async #backoff(
    ex: Exchange,
    budget: RetryBudget,
    cause: { status?: number; error?: HttpError },
    resume: boolean,
    res?: Dispatcher.ResponseData,
    attempt?: Attempt,
  ): Promise<boolean> {
    const delay = budget.take();
    if (delay === undefined) return false;
    if (res) {
      await res.body.dump().catch(() => {});
      attempt?.finish();
    }
    if (this.#onRetry) {
      try {
        this.#onRetry({
          method: ex.method,
          url: redactUrl(ex.url.href),
          retry: budget.retries,
          delayMs: delay,
          elapsedMs: budget.elapsed(),
          ...cause,
          resume,
        });
      } catch {
        // A logging hook must not change the outcome of the request.
      }
    }
    try {
      await sleep(delay, ex.signal);
    } catch (reason) {
      throw new RequestAbortedError("the request was aborted while waiting to retry", {
        method: ex.method,
        url: ex.url,
        retries: budget.retries - 1,
        cause: reason,
      });
    }
    return true;
  }

  /**
   * Continues a broken download: re-requests the missing bytes pinned to the first response's
   * ETag, with a fresh retry budget whenever the previous piece made progress.
   */
  #resumer(ex: Exchange, target: ResumeTarget, initialRetries: number): OnBodyBreak {
    let budget: RetryBudget | undefined;
    let lastBreak = -1;
    return async (err, attempt, received) => {
      const { method, url } = ex;
      const retries = budget?.retries ?? initialRetries;
      const failure = failureOf(err, attempt, ex.signal, { method, url, retries, received });
      if (failure.kind !== "timeout" && failure.kind !== "reset" && failure.kind !== "connect") {
        throw failure.error;
      }
      if (budget === undefined || received > lastBreak) budget = new RetryBudget(this.#retry);
      lastBreak = received;
      if (!(await this.#backoff(ex, budget, { error: failure.error }, true))) throw failure.error;
      const sent = await this.#exchange(
        {
          ...ex,
          headers: { ...ex.headers, ...resumeHeaders(target, received) },
          body: prepareBody(undefined),
          idempotent: true,
          retryOnErrorBody: false,
          retryOnConflict: false,
        },
        budget,
        true,
      );
      const check = checkResume(target, received, sent.status, sent.headers);
      if (!check.ok) {
        sent.segment.body.on("error", () => {}).destroy();
        sent.segment.attempt.finish();
        throw new ResumeError(check.detail, check.reason, received, {
          method,
          url,
          retries: budget.retries,
          cause: failure.error,
        });
      }
      return { ...sent.segment, skip: check.skip };
    };
  }

  /** Options with secrets hidden: default header values and proxy credentials. */
  toJSON(): Record<string, unknown> {
    const options = redactConfig(this.#options as unknown as Record<string, unknown>);
    if (this.#options.defaultHeaders) {
      options.defaultHeaders = Object.fromEntries(
        Object.keys(this.#options.defaultHeaders).map((name) => [name, "***"]),
      );
    }
    if (this.#options.rootCertificate) options.rootCertificate = "(PEM)";
    if (this.#options.proxyCaCertificate) options.proxyCaCertificate = "(PEM)";
    return { clientOptions: options, retryConfig: this.#retry };
  }

  /** What `util.inspect` prints: the options with every secret redacted. */
  [inspectCustom](): string {
    return `HttpClient ${JSON.stringify(this.toJSON())}`;
  }
}
