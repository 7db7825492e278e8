import { describe, expect, it } from "vitest";
import {
  CLIENT_OPTION_DEFAULTS,
  ConfigError,
  clientKeysOf,
  parseClientOptions,
  s3ConfigFromEnv,
} from "../src/index.js";

describe("parseClientOptions", () => {
  it("fills in the documented defaults", () => {
    expect(parseClientOptions()).toEqual({
      allowHttp: false,
      allowInvalidCertificates: false,
      connectTimeout: 5000,
      timeout: 30000,
      http1Only: true,
      http2Only: false,
      http2KeepAliveWhileIdle: false,
      randomizeAddresses: true,
    });
    expect(parseClientOptions()).toEqual(CLIENT_OPTION_DEFAULTS);
  });

  it("accepts every spelling and types each value", () => {
    const opts = parseClientOptions({
      allow_http: "yes",
      allowInvalidCertificates: true,
      AWS_CONNECT_TIMEOUT: "2s",
      timeout: "disabled",
      readTimeout: 1500,
      pool_idle_timeout: "1 minute",
      poolMaxIdlePerHost: "16",
      http2KeepAliveInterval: "10s",
      proxy_url: "http://proxy:3128",
      proxy_excludes: "localhost, .internal ,10.0.0.1",
      user_agent: "my-app/1.0",
      default_content_type: "application/octet-stream",
      content_type_map: '{"parquet":"application/vnd.apache.parquet"}',
      default_headers: { "x-team": "data" },
      randomize_addresses: "off",
    });
    expect(opts).toMatchObject({
      allowHttp: true,
      allowInvalidCertificates: true,
      connectTimeout: 2000,
      timeout: 0,
      readTimeout: 1500,
      poolIdleTimeout: 60000,
      poolMaxIdlePerHost: 16,
      http2KeepAliveInterval: 10000,
      proxyUrl: "http://proxy:3128",
      proxyExcludes: ["localhost", ".internal", "10.0.0.1"],
      userAgent: "my-app/1.0",
      defaultContentType: "application/octet-stream",
      contentTypeMap: { parquet: "application/vnd.apache.parquet" },
      defaultHeaders: { "x-team": "data" },
      randomizeAddresses: false,
    });
  });

  it("takes proxy_excludes as an array too", () => {
    expect(parseClientOptions({ proxyExcludes: ["a", "b"] }).proxyExcludes).toEqual(["a", "b"]);
  });

  it("merges sources in order, so explicit options add to env-derived ones", () => {
    const env = clientKeysOf(
      s3ConfigFromEnv({ AWS_ALLOW_HTTP: "true", AWS_TIMEOUT: "10s", AWS_REGION: "x-1" }),
    );
    expect(env).toEqual({ allow_http: "true", timeout: "10000" });
    const opts = parseClientOptions(env, { timeout: "20s" });
    expect(opts.allowHttp).toBe(true);
    expect(opts.timeout).toBe(20000);
  });

  it("http2_only turns http1_only off, both explicitly true is an error", () => {
    expect(parseClientOptions({ http2_only: true })).toMatchObject({
      http2Only: true,
      http1Only: false,
    });
    expect(() => parseClientOptions({ http2_only: true, http1_only: true })).toThrowError(
      /"http1_only" and "http2_only" are both true/,
    );
  });

  it.each([
    [
      { conectTimeout: "1s" },
      /unknown client config key "conectTimeout"; did you mean "connect_timeout"\?/,
    ],
    [{ region: "us-east-1" }, /unknown client config key "region"/],
    [{ timeout: "fast" }, /invalid duration "fast" for "timeout"/],
    [{ allow_http: "sure" }, /invalid boolean "sure" for "allow_http"/],
    [{ default_headers: "{nope" }, /"default_headers": expected an object or its JSON text/],
    [{ default_headers: { a: 1 } }, /"default_headers.a": expected a string/],
    [{ content_type_map: [1] }, /"content_type_map": expected an object of string values/],
    [{ proxy_url: "proxy:3128" }, /invalid URL for "proxy_url"/],
    [{ user_agent: { x: 1 } }, /"user_agent": expected a string, number or boolean/],
  ])("%o is rejected", (input, message) => {
    expect(() => parseClientOptions(input)).toThrowError(message);
    expect(() => parseClientOptions(input)).toThrow(ConfigError);
  });
});
