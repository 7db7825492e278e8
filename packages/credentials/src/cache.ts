import { abortable } from "./abort.js";
import { BaseProvider } from "./provider-base.js";
import type { CredentialProvider, Credentials } from "./types.js";

/**
 * Options of {@link cachedProvider}; durations in milliseconds.
 *
 * @example
 * ```ts
 * const options: CachedProviderOptions = { refreshBeforeExpiryMs: 60_000, minRefreshIntervalMs: 5_000 };
 * ```
 */
export interface CachedProviderOptions {
  /** Refresh credentials this long before they expire. Default 5 minutes. */
  refreshBeforeExpiryMs?: number;
  /**
   * Least time between two refreshes while the cached credentials are still valid, so a failing
   * source is retried, not hammered. Default 10 seconds.
   */
  minRefreshIntervalMs?: number;
}

/** Below this much remaining life, credentials are not handed out without a refresh. */
const EXPIRY_MARGIN_MS = 5_000;

function sourceOf(provider: CredentialProvider): string {
  const source = (provider as { source?: unknown }).source;
  return typeof source === "string" ? source : "custom provider";
}

class CachedProvider extends BaseProvider {
  readonly source: string;
  readonly #inner: CredentialProvider;
  readonly #refreshBefore: number;
  readonly #minInterval: number;
  #current: Credentials | undefined;
  #inflight: Promise<Credentials> | undefined;
  #lastAttempt = Number.NEGATIVE_INFINITY;

  constructor(inner: CredentialProvider, options: CachedProviderOptions) {
    super();
    this.#inner = inner;
    this.source = sourceOf(inner);
    this.#refreshBefore = options.refreshBeforeExpiryMs ?? 5 * 60_000;
    this.#minInterval = options.minRefreshIntervalMs ?? 10_000;
  }

  async getCredentials(signal?: AbortSignal): Promise<Credentials> {
    const current = this.#current;
    if (current) {
      // Credentials without an expiry (static keys, long-lived profiles) are never fetched again.
      if (current.expiration === undefined) return current;
      const remaining = current.expiration.getTime() - Date.now();
      if (remaining > this.#refreshBefore) return current;
      if (remaining > EXPIRY_MARGIN_MS) {
        // Still valid: refresh in the background; a failure keeps the current set in service.
        if (Date.now() - this.#lastAttempt >= this.#minInterval) this.#refresh().catch(() => {});
        return current;
      }
    }
    return abortable(this.#refresh(), signal);
  }

  /** One fetch at a time: every caller that arrives while it runs shares its outcome. */
  #refresh(): Promise<Credentials> {
    if (this.#inflight) return this.#inflight;
    this.#lastAttempt = Date.now();
    const inflight = Promise.resolve()
      .then(() => this.#inner.getCredentials())
      .then((creds) => {
        this.#current = creds;
        return creds;
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    this.#inflight = inflight;
    return inflight;
  }

  protected override describe() {
    return { wraps: String(this.#inner) };
  }
}

/**
 * Caches another provider's credentials. Credentials with an expiry are refreshed
 * `refreshBeforeExpiryMs` ahead of it, in the background while the current set is still valid;
 * concurrent callers share one in-flight fetch; a failed refresh keeps serving the still-valid
 * set and is retried after `minRefreshIntervalMs`. Credentials without an expiry are fetched
 * once. Errors are not cached: with nothing valid in hand, the next call fetches again.
 *
 * @example
 * ```ts
 * const provider = cachedProvider(imdsProvider(), { refreshBeforeExpiryMs: 10 * 60_000 });
 * ```
 */
export function cachedProvider(
  provider: CredentialProvider,
  options: CachedProviderOptions = {},
): CredentialProvider {
  return new CachedProvider(provider, options);
}
