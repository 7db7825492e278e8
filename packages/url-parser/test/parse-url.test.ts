import { describe, expect, it } from "vitest";
import {
  type ParsedS3Url,
  parseS3Url,
  UrlParseError,
  type UrlParseErrorReason,
} from "../src/index.js";

describe("parseS3Url: accepted forms", () => {
  const cases: ReadonlyArray<readonly [string, string, ParsedS3Url]> = [
    // s3:// and s3a://
    ["s3 bucket only", "s3://my-bucket", { bucket: "my-bucket" }],
    ["s3 bucket with slash", "s3://my-bucket/", { bucket: "my-bucket" }],
    ["s3 prefix", "s3://my-bucket/a/b/c.parquet", { bucket: "my-bucket", prefix: "a/b/c.parquet" }],
    [
      "s3 trailing slash dropped",
      "s3://my-bucket/logs/2024/",
      { bucket: "my-bucket", prefix: "logs/2024" },
    ],
    ["s3a", "s3a://my-bucket/warehouse/t1", { bucket: "my-bucket", prefix: "warehouse/t1" }],
    ["s3 upper-case scheme", "S3://my-bucket/x", { bucket: "my-bucket", prefix: "x" }],
    ["s3 bucket with dots", "s3://my.dotted.bucket/x", { bucket: "my.dotted.bucket", prefix: "x" }],
    [
      "s3 percent-decoded prefix",
      "s3://my-bucket/caf%C3%A9/a%20b%3Fc%23d%25",
      { bucket: "my-bucket", prefix: "café/a b?c#d%" },
    ],
    [
      "s3 raw spaces and unicode (console copy)",
      "s3://my-bucket/my folder/naïve",
      { bucket: "my-bucket", prefix: "my folder/naïve" },
    ],
    ["s3 surrounding spaces ignored", "  s3://my-bucket/x  ", { bucket: "my-bucket", prefix: "x" }],
    [
      "s3 directory bucket",
      "s3://logs--use1-az4--x-s3/app/",
      { bucket: "logs--use1-az4--x-s3", prefix: "app" },
    ],
    [
      "s3 local-zone directory bucket",
      "s3://logs--usw2-lax1-az1--x-s3",
      { bucket: "logs--usw2-lax1-az1--x-s3" },
    ],

    // AWS path style
    [
      "aws path style",
      "https://s3.eu-west-1.amazonaws.com/my-bucket/a/b",
      { bucket: "my-bucket", region: "eu-west-1", prefix: "a/b" },
    ],
    [
      "aws path style bucket only",
      "https://s3.us-west-2.amazonaws.com/my-bucket",
      { bucket: "my-bucket", region: "us-west-2" },
    ],
    [
      "aws path style default port",
      "https://s3.us-west-2.amazonaws.com:443/my-bucket",
      { bucket: "my-bucket", region: "us-west-2" },
    ],
    [
      "aws path style bucket with dots",
      "https://s3.us-west-2.amazonaws.com/my.bucket/k",
      { bucket: "my.bucket", region: "us-west-2", prefix: "k" },
    ],
    [
      "aws global endpoint",
      "https://s3.amazonaws.com/my-bucket/x",
      { bucket: "my-bucket", prefix: "x" },
    ],
    [
      "aws global endpoint, trailing dot",
      "https://s3.amazonaws.com./my-bucket",
      { bucket: "my-bucket" },
    ],
    [
      "aws legacy dash region",
      "https://s3-eu-west-1.amazonaws.com/my-bucket/x",
      { bucket: "my-bucket", region: "eu-west-1", prefix: "x" },
    ],
    [
      "aws govcloud",
      "https://s3.us-gov-west-1.amazonaws.com/my-bucket",
      { bucket: "my-bucket", region: "us-gov-west-1" },
    ],

    // AWS virtual-hosted
    [
      "aws virtual-hosted",
      "https://my-bucket.s3.eu-west-1.amazonaws.com/a/b",
      { bucket: "my-bucket", region: "eu-west-1", virtualHostedStyle: true, prefix: "a/b" },
    ],
    [
      "aws virtual-hosted global",
      "https://my-bucket.s3.amazonaws.com",
      { bucket: "my-bucket", virtualHostedStyle: true },
    ],
    [
      "aws virtual-hosted legacy dash",
      "https://my-bucket.s3-us-west-2.amazonaws.com/x",
      { bucket: "my-bucket", region: "us-west-2", virtualHostedStyle: true, prefix: "x" },
    ],
    [
      "aws virtual-hosted dotted bucket",
      "https://my.bucket.s3.us-east-1.amazonaws.com/",
      { bucket: "my.bucket", region: "us-east-1", virtualHostedStyle: true },
    ],
    [
      "aws virtual-hosted bucket named like the service",
      "https://s3.logs.s3.us-east-1.amazonaws.com/",
      { bucket: "s3.logs", region: "us-east-1", virtualHostedStyle: true },
    ],
    [
      "aws virtual-hosted upper-case host",
      "https://My-Bucket.S3.EU-WEST-1.amazonaws.com/K",
      { bucket: "my-bucket", region: "eu-west-1", virtualHostedStyle: true, prefix: "K" },
    ],

    // dualstack and FIPS keep their host as the endpoint
    [
      "dualstack path",
      "https://s3.dualstack.us-east-1.amazonaws.com/my-bucket/x",
      {
        bucket: "my-bucket",
        region: "us-east-1",
        endpoint: "https://s3.dualstack.us-east-1.amazonaws.com",
        prefix: "x",
      },
    ],
    [
      "dualstack virtual-hosted",
      "https://my-bucket.s3.dualstack.us-east-1.amazonaws.com/x",
      {
        bucket: "my-bucket",
        region: "us-east-1",
        endpoint: "https://s3.dualstack.us-east-1.amazonaws.com",
        virtualHostedStyle: true,
        prefix: "x",
      },
    ],
    [
      "fips path",
      "https://s3-fips.us-east-2.amazonaws.com/my-bucket",
      {
        bucket: "my-bucket",
        region: "us-east-2",
        endpoint: "https://s3-fips.us-east-2.amazonaws.com",
      },
    ],
    [
      "fips virtual-hosted",
      "https://my-bucket.s3-fips.us-east-2.amazonaws.com/x",
      {
        bucket: "my-bucket",
        region: "us-east-2",
        endpoint: "https://s3-fips.us-east-2.amazonaws.com",
        virtualHostedStyle: true,
        prefix: "x",
      },
    ],
    [
      "fips dualstack path",
      "https://s3-fips.dualstack.us-west-1.amazonaws.com/my-bucket/x",
      {
        bucket: "my-bucket",
        region: "us-west-1",
        endpoint: "https://s3-fips.dualstack.us-west-1.amazonaws.com",
        prefix: "x",
      },
    ],
    [
      "fips dualstack virtual-hosted",
      "https://my-bucket.s3-fips.dualstack.us-west-1.amazonaws.com",
      {
        bucket: "my-bucket",
        region: "us-west-1",
        endpoint: "https://s3-fips.dualstack.us-west-1.amazonaws.com",
        virtualHostedStyle: true,
      },
    ],
    [
      "fips legacy dash (GovCloud)",
      "https://s3-fips-us-gov-west-1.amazonaws.com/my-bucket",
      {
        bucket: "my-bucket",
        region: "us-gov-west-1",
        endpoint: "https://s3-fips-us-gov-west-1.amazonaws.com",
      },
    ],
    [
      "transfer acceleration",
      "https://my-bucket.s3-accelerate.amazonaws.com/x",
      {
        bucket: "my-bucket",
        endpoint: "https://s3-accelerate.amazonaws.com",
        virtualHostedStyle: true,
        prefix: "x",
      },
    ],
    [
      "transfer acceleration dualstack",
      "https://my-bucket.s3-accelerate.dualstack.amazonaws.com",
      {
        bucket: "my-bucket",
        endpoint: "https://s3-accelerate.dualstack.amazonaws.com",
        virtualHostedStyle: true,
      },
    ],
    [
      "aws over http keeps the endpoint",
      "http://s3.eu-west-1.amazonaws.com/my-bucket",
      { bucket: "my-bucket", region: "eu-west-1", endpoint: "http://s3.eu-west-1.amazonaws.com" },
    ],
    [
      "aws on another port keeps the endpoint",
      "https://my-bucket.s3.eu-west-1.amazonaws.com:8443/x",
      {
        bucket: "my-bucket",
        region: "eu-west-1",
        endpoint: "https://s3.eu-west-1.amazonaws.com:8443",
        virtualHostedStyle: true,
        prefix: "x",
      },
    ],

    // China
    [
      "china path",
      "https://s3.cn-north-1.amazonaws.com.cn/my-bucket/x",
      {
        bucket: "my-bucket",
        region: "cn-north-1",
        endpoint: "https://s3.cn-north-1.amazonaws.com.cn",
        prefix: "x",
      },
    ],
    [
      "china virtual-hosted",
      "https://my-bucket.s3.cn-northwest-1.amazonaws.com.cn/x",
      {
        bucket: "my-bucket",
        region: "cn-northwest-1",
        endpoint: "https://s3.cn-northwest-1.amazonaws.com.cn",
        virtualHostedStyle: true,
        prefix: "x",
      },
    ],
    [
      "china dualstack",
      "https://s3.dualstack.cn-north-1.amazonaws.com.cn/my-bucket",
      {
        bucket: "my-bucket",
        region: "cn-north-1",
        endpoint: "https://s3.dualstack.cn-north-1.amazonaws.com.cn",
      },
    ],

    // S3 Express One Zone zonal host
    [
      "s3 express zonal",
      "https://logs--use1-az4--x-s3.s3express-use1-az4.us-east-1.amazonaws.com/app/x",
      {
        bucket: "logs--use1-az4--x-s3",
        region: "us-east-1",
        virtualHostedStyle: true,
        prefix: "app/x",
      },
    ],
    [
      "s3 express in path style on the regional host",
      "https://s3.us-east-1.amazonaws.com/logs--use1-az4--x-s3/x",
      { bucket: "logs--use1-az4--x-s3", region: "us-east-1", prefix: "x" },
    ],

    // Cloudflare R2
    [
      "r2 account",
      "https://0123abcd.r2.cloudflarestorage.com/media/thumbs/",
      {
        bucket: "media",
        region: "auto",
        endpoint: "https://0123abcd.r2.cloudflarestorage.com",
        prefix: "thumbs",
      },
    ],
    [
      "r2 eu jurisdiction",
      "https://0123abcd.eu.r2.cloudflarestorage.com/media/x",
      {
        bucket: "media",
        region: "auto",
        endpoint: "https://0123abcd.eu.r2.cloudflarestorage.com",
        prefix: "x",
      },
    ],
    [
      "r2 fedramp jurisdiction",
      "https://0123abcd.fedramp.r2.cloudflarestorage.com/media",
      {
        bucket: "media",
        region: "auto",
        endpoint: "https://0123abcd.fedramp.r2.cloudflarestorage.com",
      },
    ],
    [
      "r2 bucket subdomain",
      "https://media.0123abcd.r2.cloudflarestorage.com/x/y",
      {
        bucket: "media",
        region: "auto",
        endpoint: "https://0123abcd.r2.cloudflarestorage.com",
        virtualHostedStyle: true,
        prefix: "x/y",
      },
    ],
    [
      "r2 bucket subdomain with jurisdiction",
      "https://media.0123abcd.eu.r2.cloudflarestorage.com",
      {
        bucket: "media",
        region: "auto",
        endpoint: "https://0123abcd.eu.r2.cloudflarestorage.com",
        virtualHostedStyle: true,
      },
    ],
    [
      "r2 bucket named like a jurisdiction",
      "https://fedramp.0123abcd.r2.cloudflarestorage.com",
      {
        bucket: "fedramp",
        region: "auto",
        endpoint: "https://0123abcd.r2.cloudflarestorage.com",
        virtualHostedStyle: true,
      },
    ],

    // custom endpoints
    [
      "minio on localhost",
      "http://localhost:9000/test-bucket/data/x",
      { bucket: "test-bucket", endpoint: "http://localhost:9000", prefix: "data/x" },
    ],
    [
      "loopback IPv4",
      "http://127.0.0.1:9000/test-bucket",
      { bucket: "test-bucket", endpoint: "http://127.0.0.1:9000" },
    ],
    [
      "loopback IPv6",
      "http://[::1]:9000/test-bucket/p",
      { bucket: "test-bucket", endpoint: "http://[::1]:9000", prefix: "p" },
    ],
    [
      "ceph over https without port",
      "https://rgw.example.org/archive/2024/",
      { bucket: "archive", endpoint: "https://rgw.example.org", prefix: "2024" },
    ],
    [
      "default port dropped",
      "http://minio.internal:80/bkt",
      { bucket: "bkt", endpoint: "http://minio.internal" },
    ],
    [
      "self-hosted behind an AWS load balancer",
      "http://minio-1234.us-east-1.elb.amazonaws.com:9000/bkt/x",
      {
        bucket: "bkt",
        endpoint: "http://minio-1234.us-east-1.elb.amazonaws.com:9000",
        prefix: "x",
      },
    ],
  ];

  it.each(cases)("%s: %s", (_name, url, expected) => {
    expect(parseS3Url(url)).toStrictEqual(expected);
  });
});

describe("parseS3Url: refused URLs", () => {
  const cases: ReadonlyArray<readonly [string, unknown, UrlParseErrorReason, RegExp]> = [
    ["empty string", "", "unparseable", /not an absolute URL; expected s3:\/\/<bucket>/],
    ["relative path", "bucket/path", "unparseable", /not an absolute URL/],
    ["bad port", "http://host:99999/b", "unparseable", /not an absolute URL/],
    ["not a string", 42, "unparseable", /expected a string, got number/],
    ["tab inside the bucket", "s3://buck\tet/x", "unparseable", /control characters/],
    ["newline", "s3://bucket/x\n", "unparseable", /control characters/],
    [
      "gs scheme",
      "gs://bucket/x",
      "unsupported-scheme",
      /scheme "gs" is not supported; expected s3:\/\/<bucket>\/<prefix>, s3a:\/\//,
    ],
    ["ftp scheme", "ftp://host/bucket", "unsupported-scheme", /scheme "ftp" is not supported/],
    ["file scheme", "file:///tmp/x", "unsupported-scheme", /scheme "file"/],
    ["mailto scheme", "mailto://bucket/path", "unsupported-scheme", /scheme "mailto"/],
    [
      "query string",
      "s3://bucket/x?versionId=3",
      "query-or-fragment",
      /query strings and fragments are not accepted.*%3F and %23/,
    ],
    ["empty query", "s3://bucket/x?", "query-or-fragment", /query strings/],
    [
      "fragment",
      "https://s3.us-east-1.amazonaws.com/bucket/x#frag",
      "query-or-fragment",
      /fragments/,
    ],
    ["s3 with no bucket", "s3:///path", "missing-bucket", /no bucket; expected s3:\/\/<bucket>/],
    ["s3 with no slashes", "s3:bucket/path", "missing-bucket", /no bucket/],
    ["bare s3 scheme", "s3://", "missing-bucket", /no bucket/],
    [
      "aws path style without bucket",
      "https://s3.us-east-1.amazonaws.com/",
      "missing-bucket",
      /no bucket/,
    ],
    ["global endpoint without bucket", "https://s3.amazonaws.com", "missing-bucket", /no bucket/],
    [
      "r2 without bucket",
      "https://0123abcd.r2.cloudflarestorage.com/",
      "missing-bucket",
      /no bucket/,
    ],
    ["custom endpoint without bucket", "http://localhost:9000", "missing-bucket", /no bucket/],
    [
      "upper-case s3 bucket",
      "s3://MyBucket/x",
      "invalid-bucket",
      /invalid bucket name "MyBucket": .*lowercase/,
    ],
    [
      "underscore",
      "s3://my_bucket",
      "invalid-bucket",
      /invalid bucket name "my_bucket": .*found "_"/,
    ],
    ["too short", "s3://ab", "invalid-bucket", /3 to 63 characters long \(it has 2\)/],
    ["ip address", "s3://192.168.5.4/x", "invalid-bucket", /IP address/],
    [
      "bad path-style bucket",
      "http://localhost:9000/Bad_Bucket/x",
      "invalid-bucket",
      /invalid bucket name "Bad_Bucket"/,
    ],
    [
      "malformed percent in s3 bucket",
      "s3://bu%zzcket/x",
      "invalid-bucket",
      /malformed percent-encoding/,
    ],
    [
      "malformed percent in path-style bucket",
      "http://localhost:9000/%zz/x",
      "invalid-bucket",
      /malformed percent-encoding/,
    ],
    [
      "unicode host bucket",
      "s3://bücket/x",
      "invalid-bucket",
      /invalid bucket name "bücket": .*found "ü"/,
    ],
    [
      "punycode virtual-hosted bucket",
      "https://bücket.s3.amazonaws.com/",
      "invalid-bucket",
      /must not start with "xn--"/,
    ],
    [
      "port on s3 url",
      "s3://bucket:9000/x",
      "unrecognised-host",
      /take no port; for a custom endpoint use http\(s\):\/\/<host>:<port>/,
    ],
    [
      "aws region label not a region",
      "https://s3.bucket.amazonaws.com/x",
      "unrecognised-host",
      /unrecognised AWS S3 host "s3.bucket.amazonaws.com"; expected s3\[.dualstack\]/,
    ],
    [
      "aws extra label",
      "https://bucket.s3.region.bar.amazonaws.com",
      "unrecognised-host",
      /unrecognised AWS S3 host/,
    ],
    [
      "aws privatelink",
      "https://bucket.vpce-1a2b3c4d.s3.us-east-1.vpce.amazonaws.com/x",
      "unrecognised-host",
      /PrivateLink.*set `endpoint` in config/,
    ],
    [
      "aws website endpoint",
      "https://bucket.s3-website-us-east-1.amazonaws.com/",
      "unrecognised-host",
      /unrecognised AWS S3 host/,
    ],
    [
      "accelerate in path style",
      "https://s3-accelerate.amazonaws.com/bucket",
      "unrecognised-host",
      /virtual-hosted requests only; put the bucket in the host/,
    ],
    [
      "s3 express in path style",
      "https://s3express-use1-az4.us-east-1.amazonaws.com/logs--use1-az4--x-s3",
      "unrecognised-host",
      /virtual-hosted requests only/,
    ],
    [
      "s3 express zone mismatch",
      "https://logs--use1-az5--x-s3.s3express-use1-az4.us-east-1.amazonaws.com/",
      "unrecognised-host",
      /zone "use1-az4", so the bucket must be a directory bucket named "<base-name>--use1-az4--x-s3", not "logs--use1-az5--x-s3"/,
    ],
    [
      "s3 express general bucket",
      "https://logs.s3express-use1-az4.us-east-1.amazonaws.com/",
      "unrecognised-host",
      /must be a directory bucket/,
    ],
    [
      "r2 jurisdiction before r2",
      "https://account.r2.eu.cloudflarestorage.com/bucket",
      "unrecognised-host",
      /unrecognised Cloudflare R2 host.*expected https:\/\/<account>\[.<eu\|fedramp>\]/,
    ],
    [
      "r2 too many labels",
      "https://a.b.c.r2.cloudflarestorage.com/",
      "unrecognised-host",
      /unrecognised Cloudflare R2 host/,
    ],
    [
      "r2 bare domain",
      "https://r2.cloudflarestorage.com/bucket",
      "unrecognised-host",
      /unrecognised Cloudflare R2 host/,
    ],
    ["empty prefix segment", "s3://bucket/a//b", "invalid-prefix", /empty segment \("\/\/"\)/],
    ["double leading slash", "s3://bucket//a", "invalid-prefix", /empty segment/],
    ["encoded dot-dot", "s3://bucket/a%2F..%2Fb", "invalid-prefix", /"\.\." segment/],
    [
      "malformed percent-encoding",
      "s3://bucket/100%/x",
      "invalid-prefix",
      /malformed percent-encoding; write a literal "%" as %25/,
    ],
    ["encoded control character", "s3://bucket/a%0Ab", "invalid-prefix", /control characters/],
  ];

  it.each(cases)("%s: %s", (_name, url, reason, message) => {
    let thrown: unknown;
    try {
      parseS3Url(url as string);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UrlParseError);
    const err = thrown as UrlParseError;
    expect(err.reason).toBe(reason);
    expect(err.name).toBe("UrlParseError");
    expect(err.message).toMatch(message);
  });

  it("resolves literal dot segments the way the WHATWG URL parser does", () => {
    expect(parseS3Url("s3://bucket/a/./b/../c")).toStrictEqual({ bucket: "bucket", prefix: "a/c" });
  });
});
