import { ConfigError } from "./errors.js";
import { parseDuration, parseNonNegativeInteger, parseNumber } from "./values.js";

/** Exponential backoff with decorrelated jitter; durations in milliseconds. */
export interface BackoffConfig {
  /** First sleep. Default 100 ms. */
  initBackoff: number;
  /** Longest sleep. Default 15 s. */
  maxBackoff: number;
  /** Growth factor of the upper bound. Default 2. */
  base: number;
}

/** How failed requests are retried; durations in milliseconds. */
export interface RetryConfig {
  /** Most retries of one request; 0 disables retries. Default 10. */
  maxRetries: number;
  /** Total time budget of one request, sleeps included. Default 180 s. */
  retryTimeout: number;
  backoff: BackoffConfig;
}

/** The documented defaults of {@link RetryConfig}. */
export const RETRY_CONFIG_DEFAULTS: Readonly<RetryConfig> = Object.freeze({
  maxRetries: 10,
  retryTimeout: 180_000,
  backoff: Object.freeze({ initBackoff: 100, maxBackoff: 15_000, base: 2 }),
});

/** Input accepted by {@link parseRetryConfig}: camelCase or snake_case, durations as ms or strings. */
export interface RetryConfigInput {
  maxRetries?: number | string;
  max_retries?: number | string;
  retryTimeout?: number | string;
  retry_timeout?: number | string;
  backoff?: {
    initBackoff?: number | string;
    init_backoff?: number | string;
    maxBackoff?: number | string;
    max_backoff?: number | string;
    base?: number | string;
  };
}

const TOP = new Set(["maxRetries", "max_retries", "retryTimeout", "retry_timeout", "backoff"]);
const BACKOFF = new Set(["initBackoff", "init_backoff", "maxBackoff", "max_backoff", "base"]);

function checkKeys(input: object, allowed: Set<string>, where: string): void {
  for (const key of Object.keys(input)) {
    if (!allowed.has(key)) {
      throw new ConfigError(
        `unknown ${where} key "${key}": expected one of ${[...allowed].join(", ")}`,
        { key },
      );
    }
  }
}

/**
 * Validates a retry config and fills in the defaults.
 *
 * @example
 * ```ts
 * parseRetryConfig({ max_retries: 3, backoff: { initBackoff: "50ms" } });
 * // { maxRetries: 3, retryTimeout: 180000, backoff: { initBackoff: 50, maxBackoff: 15000, base: 2 } }
 * ```
 */
export function parseRetryConfig(input: RetryConfigInput = {}): RetryConfig {
  checkKeys(input, TOP, "retry config");
  const b = input.backoff ?? {};
  checkKeys(b, BACKOFF, "backoff config");
  const d = RETRY_CONFIG_DEFAULTS;
  const maxRetries = input.maxRetries ?? input.max_retries;
  const retryTimeout = input.retryTimeout ?? input.retry_timeout;
  const init = b.initBackoff ?? b.init_backoff;
  const max = b.maxBackoff ?? b.max_backoff;
  const config: RetryConfig = {
    maxRetries:
      maxRetries === undefined ? d.maxRetries : parseNonNegativeInteger(maxRetries, "max_retries"),
    retryTimeout:
      retryTimeout === undefined ? d.retryTimeout : parseDuration(retryTimeout, "retry_timeout"),
    backoff: {
      initBackoff: init === undefined ? d.backoff.initBackoff : parseDuration(init, "init_backoff"),
      maxBackoff: max === undefined ? d.backoff.maxBackoff : parseDuration(max, "max_backoff"),
      base: b.base === undefined ? d.backoff.base : parseNumber(b.base, "base", 1),
    },
  };
  if (config.backoff.initBackoff > config.backoff.maxBackoff) {
    throw new ConfigError(
      `invalid backoff: init_backoff (${config.backoff.initBackoff} ms) is larger than max_backoff (${config.backoff.maxBackoff} ms)`,
      { key: "init_backoff", value: String(config.backoff.initBackoff) },
    );
  }
  return config;
}
