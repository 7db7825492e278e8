import { resolveS3Config, type S3Config, s3ConfigFromEnv } from "@objstore/config-keys";
import { describe, expect, it } from "vitest";
import { s3ConfigFromUrl, UrlParseError } from "../src/index.js";

describe("s3ConfigFromUrl", () => {
  it.each<readonly [string, S3Config]>([
    ["s3://my-bucket/some/prefix", { bucket: "my-bucket" }],
    [
      "https://s3.eu-west-1.amazonaws.com/my-bucket/x",
      { bucket: "my-bucket", region: "eu-west-1" },
    ],
    [
      "https://my-bucket.s3.eu-west-1.amazonaws.com/x",
      { bucket: "my-bucket", region: "eu-west-1", virtual_hosted_style_request: "true" },
    ],
    [
      "https://my-bucket.s3.dualstack.us-east-1.amazonaws.com",
      {
        bucket: "my-bucket",
        region: "us-east-1",
        endpoint: "https://s3.dualstack.us-east-1.amazonaws.com",
        virtual_hosted_style_request: "true",
      },
    ],
    [
      "https://s3-fips.us-east-2.amazonaws.com/my-bucket",
      {
        bucket: "my-bucket",
        region: "us-east-2",
        endpoint: "https://s3-fips.us-east-2.amazonaws.com",
        virtual_hosted_style_request: "false",
      },
    ],
    [
      "https://0123abcd.eu.r2.cloudflarestorage.com/media/thumbs",
      {
        bucket: "media",
        region: "auto",
        endpoint: "https://0123abcd.eu.r2.cloudflarestorage.com",
        virtual_hosted_style_request: "false",
      },
    ],
    [
      "http://127.0.0.1:9000/test-bucket/data",
      {
        bucket: "test-bucket",
        endpoint: "http://127.0.0.1:9000",
        virtual_hosted_style_request: "false",
      },
    ],
    ["s3://logs--use1-az4--x-s3/app", { bucket: "logs--use1-az4--x-s3", s3_express: "true" }],
    [
      "https://logs--use1-az4--x-s3.s3express-use1-az4.us-east-1.amazonaws.com/app",
      {
        bucket: "logs--use1-az4--x-s3",
        region: "us-east-1",
        virtual_hosted_style_request: "true",
        s3_express: "true",
      },
    ],
  ])("%s", (url, expected) => {
    expect(s3ConfigFromUrl(url)).toStrictEqual(expected);
  });

  it("never holds the prefix, which callers take from parseS3Url", () => {
    const layer = s3ConfigFromUrl("s3://my-bucket/deep/prefix");
    expect(JSON.stringify(layer)).not.toContain("deep");
  });

  it("beats the environment and loses to explicit config", () => {
    const env = s3ConfigFromEnv({
      AWS_REGION: "us-west-2",
      AWS_ENDPOINT_URL: "http://env-endpoint:9000",
      AWS_VIRTUAL_HOSTED_STYLE_REQUEST: "true",
      AWS_BUCKET: "env-bucket",
    });
    const url = s3ConfigFromUrl("http://127.0.0.1:9000/url-bucket/x");
    const merged = resolveS3Config({ env, url });
    expect(merged.bucket).toBe("url-bucket");
    expect(merged.endpoint).toBe("http://127.0.0.1:9000");
    // The path-style URL pins the style, so the env's virtual-hosted flag cannot misroute it.
    expect(merged.virtual_hosted_style_request).toBe("false");
    expect(merged.region).toBe("us-west-2");
    const explicit = resolveS3Config({ env, url, config: { bucket: "explicit" } });
    expect(explicit.bucket).toBe("explicit");
  });

  it("throws UrlParseError like parseS3Url", () => {
    expect(() => s3ConfigFromUrl("gs://bucket")).toThrow(UrlParseError);
  });
});
