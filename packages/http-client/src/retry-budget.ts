import type { RetryConfig } from "@objstore/config-keys";
import { nextBackoff } from "./backoff.js";

/**
 * The retries left to one logical request: `maxRetries` attempts and `retryTimeout` of wall
 * time, sleeps included. A resumed download gets a fresh budget, so a long transfer is not
 * killed by the budget of its first request.
 */
export class RetryBudget {
  retries = 0;
  private readonly started = performance.now();
  private previous: number | undefined;

  constructor(private readonly config: RetryConfig) {}

  /** Milliseconds since the budget started. */
  elapsed(): number {
    return performance.now() - this.started;
  }

  /**
   * Takes one retry: returns how long to sleep first, or undefined when the budget is spent
   * (no retries left, or the sleep would end past `retryTimeout`).
   */
  take(): number | undefined {
    if (this.retries >= this.config.maxRetries) return undefined;
    const delay = nextBackoff(this.config.backoff, this.previous);
    if (this.elapsed() + delay > this.config.retryTimeout) return undefined;
    this.previous = delay;
    this.retries++;
    return delay;
  }
}

/** Sleeps `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
