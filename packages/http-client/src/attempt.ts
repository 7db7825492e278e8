import type { EventEmitter } from "node:events";
import { ConnectionError, type HttpError, RequestAbortedError, TimeoutError } from "./errors.js";
import { classifyFailure, type FailureKind } from "./retry-policy.js";

type AbortListener = () => void;

/**
 * One try of a request, and the abort signal handed to undici for it: fires when the
 * whole-request `timeout` elapses or the caller's signal aborts. Finished when the response body
 * ends, breaks or is dropped.
 *
 * undici takes an EventEmitter-style signal (`on`/`once`/`removeListener`) as well as an
 * AbortSignal; this one costs a plain object where an AbortController built an EventTarget and
 * registered listeners through it on every request.
 */
export class Attempt {
  aborted = false;
  reason: unknown;
  timedOut = false;
  private listeners: AbortListener[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    timeout: number,
    private readonly userSignal: AbortSignal | undefined,
  ) {
    if (timeout > 0) {
      this.timer = setTimeout(() => {
        this.timedOut = true;
        this.abort(new Error(`timeout of ${timeout} ms elapsed`));
      }, timeout);
      // A response nobody reads must not keep the process alive until its timer fires.
      this.timer.unref();
    }
    if (userSignal) {
      this.onAbort = () => this.abort(userSignal.reason);
      userSignal.addEventListener("abort", this.onAbort, { once: true });
    }
  }

  /** The signal to give undici: this attempt, which speaks the part of EventEmitter undici uses. */
  get signal(): EventEmitter {
    return this as unknown as EventEmitter;
  }

  on(event: string, listener: AbortListener): this {
    if (event === "abort") this.listeners.push(listener);
    return this;
  }

  once(event: string, listener: AbortListener): this {
    return this.on(event, listener);
  }

  removeListener(event: string, listener: AbortListener): this {
    if (event === "abort") this.listeners = this.listeners.filter((l) => l !== listener);
    return this;
  }

  finish(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.onAbort) this.userSignal?.removeEventListener("abort", this.onAbort);
  }

  private abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }
}

/** A typed failure and how the retry rules see it (`aborted` is never retried). */
export interface Failure {
  error: HttpError;
  kind: FailureKind | "aborted";
}

/** What a failure happened to, for its message. */
export interface FailureContext {
  method: string;
  url: URL;
  retries: number;
  /** Set when the failure hit the response body, after this many bytes. */
  received?: number;
}

const TIMEOUT_KIND: Record<string, "connect" | "read"> = {
  UND_ERR_CONNECT_TIMEOUT: "connect",
  UND_ERR_HEADERS_TIMEOUT: "read",
  UND_ERR_BODY_TIMEOUT: "read",
};

/** Turns whatever undici, Node or the abort controller threw into a typed {@link HttpError}. */
export function failureOf(
  err: unknown,
  attempt: Attempt | undefined,
  userSignal: AbortSignal | undefined,
  ctx: FailureContext,
): Failure {
  const details = { method: ctx.method, url: ctx.url, retries: ctx.retries, cause: err };
  const where = ctx.received === undefined ? "" : ` (body broke after ${ctx.received} bytes)`;
  if (userSignal?.aborted) {
    const error = new RequestAbortedError(`the request was aborted${where}`, {
      ...details,
      cause: userSignal.reason,
    });
    return { error, kind: "aborted" };
  }
  if (attempt?.timedOut) {
    const error = new TimeoutError(`the request timed out${where} (timeout)`, "request", details);
    return { error, kind: "timeout" };
  }
  const kind = classifyFailure(err);
  const code = (err as { code?: string } | null)?.code;
  const timeoutKind = code === undefined ? undefined : TIMEOUT_KIND[code];
  const reason = err instanceof Error ? err.message : String(err);
  if (timeoutKind === "connect") {
    const error = new TimeoutError(
      "could not connect in time (connect_timeout)",
      "connect",
      details,
    );
    return { error, kind };
  }
  if (timeoutKind === "read") {
    const error = new TimeoutError(
      `no data from the server in time${where} (read_timeout)`,
      "read",
      details,
    );
    return { error, kind };
  }
  if (kind === "tls") {
    const hint =
      "; trust the server with root_certificate, or set allow_invalid_certificates for testing";
    return { error: new ConnectionError(`TLS failed: ${reason}${hint}`, details), kind };
  }
  return { error: new ConnectionError(`${reason}${where}`, details), kind };
}
