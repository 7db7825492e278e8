import type { BackoffConfig } from "@objstore/config-keys";

/**
 * The next sleep of the exponential backoff with decorrelated jitter (the same rule as
 * object_store): the first sleep is exactly `initBackoff`; each later one is
 * `min(maxBackoff, uniform(initBackoff, previous × base))`. Pure: pass `random` (in [0, 1)) to
 * make it deterministic.
 *
 * @example
 * ```ts
 * const config = { initBackoff: 100, maxBackoff: 15_000, base: 2 };
 * let sleep = nextBackoff(config);          // 100
 * sleep = nextBackoff(config, sleep);       // somewhere in [100, 200)
 * ```
 */
export function nextBackoff(
  config: BackoffConfig,
  previous?: number,
  random: () => number = Math.random,
): number {
  if (previous === undefined) return Math.min(config.initBackoff, config.maxBackoff);
  const low = config.initBackoff;
  const high = Math.max(low, previous * config.base);
  return Math.min(config.maxBackoff, low + random() * (high - low));
}
