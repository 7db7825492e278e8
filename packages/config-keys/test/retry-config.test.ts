import { describe, expect, it } from "vitest";
import { ConfigError, parseRetryConfig, RETRY_CONFIG_DEFAULTS } from "../src/index.js";

describe("parseRetryConfig", () => {
  it("defaults to 10 retries, 180 s, 100 ms..15 s backoff with base 2", () => {
    expect(parseRetryConfig()).toEqual({
      maxRetries: 10,
      retryTimeout: 180_000,
      backoff: { initBackoff: 100, maxBackoff: 15_000, base: 2 },
    });
    expect(parseRetryConfig({})).toEqual(RETRY_CONFIG_DEFAULTS);
  });

  it("accepts camelCase and snake_case, numbers and duration strings", () => {
    expect(
      parseRetryConfig({
        max_retries: "3",
        retry_timeout: "1 minute",
        backoff: { init_backoff: "50ms", max_backoff: 2000, base: "3" },
      }),
    ).toEqual({
      maxRetries: 3,
      retryTimeout: 60_000,
      backoff: { initBackoff: 50, maxBackoff: 2000, base: 3 },
    });
    expect(parseRetryConfig({ maxRetries: 0, backoff: { initBackoff: 10 } })).toMatchObject({
      maxRetries: 0,
      backoff: { initBackoff: 10, maxBackoff: 15_000 },
    });
  });

  it.each([
    [{ maxRetries: -1 }, /"max_retries": expected an integer >= 0/],
    [{ maxRetries: 1.5 }, /"max_retries"/],
    [{ retryTimeout: "forever" }, /invalid duration "forever" for "retry_timeout"/],
    [{ backoff: { base: 0.5 } }, /"base": expected a number >= 1/],
    [
      { backoff: { initBackoff: "20s", maxBackoff: "10s" } },
      /init_backoff \(20000 ms\) is larger than max_backoff \(10000 ms\)/,
    ],
    [{ retries: 3 }, /unknown retry config key "retries"/],
    [{ backoff: { jitter: true } }, /unknown backoff config key "jitter"/],
  ])("%o is rejected", (input, message) => {
    expect(() => parseRetryConfig(input as never)).toThrowError(message);
    expect(() => parseRetryConfig(input as never)).toThrow(ConfigError);
  });
});
