import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError, parseS3Config, resolveS3Config, s3ConfigFromEnv } from "../src/index.js";

const SSE_C_KEY = Buffer.alloc(32, 7).toString("base64");

describe("parseS3Config values", () => {
  it.each([
    [{ skip_signature: "YES" }, { skip_signature: "true" }],
    [{ skipSignature: true }, { skip_signature: "true" }],
    [{ AWS_UNSIGNED_PAYLOAD: 0 }, { unsigned_payload: "false" }],
    [{ checksum_algorithm: "SHA256" }, { checksum_algorithm: "sha256" }],
    [{ checksum_algorithm: "crc64nvme" }, { checksum_algorithm: "crc64nvme" }],
    [{ checksum_algorithm: "CRC32C" }, { checksum_algorithm: "crc32c" }],
    [{ conditional_put: "Disabled" }, { conditional_put: "disabled" }],
    [{ server_side_encryption: "aws:kms:dsse" }, { server_side_encryption: "aws:kms:dsse" }],
    [{ server_side_encryption: "aes256" }, { server_side_encryption: "AES256" }],
    [{ request_payer: "Requester" }, { request_payer: "true" }],
    [{ request_payer: "false" }, { request_payer: "false" }],
    [{ copy_if_not_exists: "multipart" }, { copy_if_not_exists: "multipart" }],
    [{ copy_if_not_exists: "header: x-cond : true" }, { copy_if_not_exists: "header:x-cond:true" }],
    [
      { copy_if_not_exists: "header-with-status:x-cond:true:412" },
      { copy_if_not_exists: "header-with-status:x-cond:true:412" },
    ],
    [{ endpoint: "http://127.0.0.1:9000" }, { endpoint: "http://127.0.0.1:9000" }],
    [{ region: "eu-central-1" }, { region: "eu-central-1" }],
    [{ region: "auto" }, { region: "auto" }],
    [{ sse_customer_key_base64: SSE_C_KEY }, { sse_customer_key_base64: SSE_C_KEY }],
    [{ timeout: "30s" }, { timeout: "30000" }],
    [{ connectTimeout: "disabled" }, { connect_timeout: "0" }],
    [{ pool_max_idle_per_host: "8" }, { pool_max_idle_per_host: "8" }],
    [{ region: undefined, bucket: null }, {}],
  ])("%o -> %o", (input, expected) => {
    expect(parseS3Config(input)).toEqual(expected);
  });

  it.each([
    [{ skip_signature: "maybe" }, /invalid boolean "maybe" for "skip_signature"/],
    [
      { checksum_algorithm: "md5" },
      /invalid value "md5" for "checksum_algorithm": expected one of "sha256", "crc32", "crc32c", "crc64nvme"/,
    ],
    [{ conditional_put: "dynamo" }, /"conditional_put"/],
    [{ server_side_encryption: "kms" }, /"server_side_encryption"/],
    [{ copy_if_not_exists: "header:x" }, /"copy_if_not_exists": expected "multipart"/],
    [{ copy_if_not_exists: "header-with-status:x:y:999" }, /"copy_if_not_exists"/],
    [{ endpoint: "s3.amazonaws.com" }, /invalid URL for "endpoint"/],
    [{ metadata_endpoint: "ftp://x" }, /"metadata_endpoint"/],
    [
      { endpoint: "http://user:pw@127.0.0.1:9000" },
      /"endpoint": credentials in the URL are refused/,
    ],
    [
      { endpoint_url_sts: "https://a:b@sts.example.com" },
      /"endpoint_url_sts": credentials in the URL/,
    ],
    [{ region: "us east 1" }, /invalid region "us east 1" for "region"/],
    [{ bucket: "" }, /empty value for "bucket"/],
    [{ timeout: "soon" }, /invalid duration "soon" for "timeout"/],
    [{ pool_max_idle_per_host: "-1" }, /expected an integer >= 0/],
    [
      { region: { name: "x" } },
      /invalid value for "region": expected a string, number or boolean, got object/,
    ],
    [{ acess_key_id: "x" }, /did you mean "access_key_id"/],
  ])("%o is rejected", (input, message) => {
    expect(() => parseS3Config(input as Record<string, unknown>)).toThrowError(message);
    expect(() => parseS3Config(input as Record<string, unknown>)).toThrow(ConfigError);
  });

  it("keeps credentials allowed in proxy_url only, and never shows them", () => {
    expect(parseS3Config({ proxy_url: "http://u:p@proxy:3128" }).proxy_url).toBe(
      "http://u:p@proxy:3128",
    );
    const err = (() => {
      try {
        parseS3Config({ endpoint: "http://user:hunter2@host:9000" });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(inspect(err)).not.toMatch(/hunter2|user:/);
  });

  it("names the key as the user spelled it", () => {
    expect(() => parseS3Config({ AWS_SKIP_SIGNATURE: "nah" })).toThrowError(/"AWS_SKIP_SIGNATURE"/);
  });

  it("never shows a malformed SSE-C key", () => {
    const bad = "c2VjcmV0LWJ1dC10b28tc2hvcnQ=";
    try {
      parseS3Config({ sse_customer_key_base64: bad });
      expect.unreachable();
    } catch (err) {
      expect(inspect(err)).not.toContain(bad);
      expect((err as ConfigError).value).toBe("***");
    }
  });

  it("rejects one key given twice with different values, redacting secrets", () => {
    expect(parseS3Config({ token: "same", session_token: "same" })).toEqual({
      session_token: "same",
    });
    try {
      parseS3Config({ token: "secret-one", aws_session_token: "secret-two" });
      expect.unreachable();
    } catch (err) {
      const text = inspect(err);
      expect(text).toMatch(/"session_token" given twice/);
      expect(text).not.toContain("secret-one");
      expect(text).not.toContain("secret-two");
    }
    expect(() => parseS3Config({ region: "a-1", AWS_REGION: "b-2" })).toThrowError(
      /as "region" \(a-1\) and "AWS_REGION" \(b-2\)/,
    );
  });
});

describe("s3ConfigFromEnv", () => {
  it("reads AWS_* variables that name keys and ignores the rest", () => {
    expect(
      s3ConfigFromEnv({
        AWS_ACCESS_KEY_ID: "AKIA1",
        AWS_SECRET_ACCESS_KEY: "sk",
        AWS_REGION: "eu-west-1",
        AWS_ALLOW_HTTP: "1",
        AWS_PROXY_URL: "http://proxy:3128",
        AWS_EXECUTION_ENV: "AWS_Lambda_nodejs20.x",
        AWS_LAMBDA_FUNCTION_NAME: "fn",
        HOME: "/root",
        PATH: "/bin",
        AWS_PROFILE: "dev",
        AWS_UNSET: undefined,
      }),
    ).toEqual({
      access_key_id: "AKIA1",
      secret_access_key: "sk",
      region: "eu-west-1",
      allow_http: "true",
      proxy_url: "http://proxy:3128",
      profile: "dev",
    });
  });

  it("prefers AWS_SESSION_TOKEN over AWS_TOKEN and AWS_ENDPOINT_URL over AWS_ENDPOINT, in any order", () => {
    const a = {
      AWS_TOKEN: "t1",
      AWS_SESSION_TOKEN: "t2",
      AWS_ENDPOINT: "http://a:1",
      AWS_ENDPOINT_URL: "http://b:2",
    };
    const b = {
      AWS_SESSION_TOKEN: "t2",
      AWS_TOKEN: "t1",
      AWS_ENDPOINT_URL: "http://b:2",
      AWS_ENDPOINT: "http://a:1",
    };
    for (const env of [a, b]) {
      expect(s3ConfigFromEnv(env)).toEqual({ session_token: "t2", endpoint: "http://b:2" });
    }
  });

  it("fails on malformed values, naming the variable", () => {
    expect(() => s3ConfigFromEnv({ AWS_SKIP_SIGNATURE: "perhaps" })).toThrowError(
      /invalid boolean "perhaps" for "AWS_SKIP_SIGNATURE"/,
    );
  });

  it("reads process.env by default", () => {
    process.env.AWS_S3_EXPRESS = "on";
    try {
      expect(s3ConfigFromEnv().s3_express).toBe("true");
    } finally {
      delete process.env.AWS_S3_EXPRESS;
    }
  });
});

describe("resolveS3Config precedence: defaults < env < url < config", () => {
  it("later layers win key by key", () => {
    const resolved = resolveS3Config({
      defaults: { region: "d-1", bucket: "from-defaults", allow_http: "false" },
      env: { region: "e-1", bucket: "from-env", access_key_id: "AKIAENV" },
      url: { bucket: "from-url" },
      config: { region: "c-1" },
    });
    expect(resolved).toEqual({
      conditional_put: "etag",
      region: "c-1",
      bucket: "from-url",
      access_key_id: "AKIAENV",
      allow_http: "false",
    });
  });

  it("lets an explicit endpoint beat AWS_ENDPOINT_URL_S3 from the environment", () => {
    const env = s3ConfigFromEnv({
      AWS_ENDPOINT_URL_S3: "http://env-s3:1",
      AWS_ENDPOINT_URL: "http://env:1",
    });
    expect(resolveS3Config({ env }).endpoint).toBe("http://env-s3:1");
    expect(resolveS3Config({ env, config: { endpoint: "http://explicit:9" } }).endpoint).toBe(
      "http://explicit:9",
    );
  });

  it("uses endpoint_url_s3 over endpoint within one layer", () => {
    expect(
      resolveS3Config({
        config: parseS3Config({ endpoint: "http://a:1", endpoint_url_s3: "http://b:1" }),
      }).endpoint,
    ).toBe("http://b:1");
  });

  it("falls back to default_region, then us-east-1", () => {
    expect(resolveS3Config({}).region).toBe("us-east-1");
    expect(resolveS3Config({ env: { default_region: "ap-south-1" } }).region).toBe("ap-south-1");
    expect(
      resolveS3Config({ env: { region: "eu-west-3", default_region: "ap-south-1" } }).region,
    ).toBe("eu-west-3");
  });

  it("defaults conditional_put to etag unless set", () => {
    expect(resolveS3Config({}).conditional_put).toBe("etag");
    expect(resolveS3Config({ config: { conditional_put: "disabled" } }).conditional_put).toBe(
      "disabled",
    );
  });
});
