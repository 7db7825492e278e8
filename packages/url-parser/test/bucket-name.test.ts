import { ConfigError } from "@objstore/config-keys";
import { describe, expect, it } from "vitest";
import { directoryBucketZoneId, validateBucketName } from "../src/index.js";

describe("validateBucketName", () => {
  it.each([
    "abc",
    "a".repeat(63),
    "my-bucket",
    "my.bucket.name",
    "123bucket",
    "bucket-123",
    "1.2.3", // not four numbers, so not an IP address
    "192.168.5.4x",
    "logs--use1-az4--x-s3",
    "a--usw2-lax1-az1--x-s3",
    "my--base--apne1-az4--x-s3",
    "my-s3alias-data", // reserved suffixes only count at the end
  ])("accepts %s", (name) => {
    expect(() => validateBucketName(name)).not.toThrow();
  });

  it.each([
    ["ab", /must be 3 to 63 characters long \(it has 2\)/],
    ["a".repeat(64), /must be 3 to 63 characters long \(it has 64\)/],
    ["", /it has 0/],
    ["MyBucket", /found "M"; bucket names are lowercase/],
    ["my_bucket", /may contain only lowercase letters, digits, "\." and "-" \(found "_"\)/],
    ["my bucket", /found " "/],
    ["my/bucket", /found "\/"/],
    ["-bucket", /must start and end with a lowercase letter or a digit/],
    ["bucket-", /must start and end/],
    [".bucket", /must start and end/],
    ["my..bucket", /must not contain two adjacent periods/],
    ["192.168.5.4", /must not be formatted as an IP address/],
    ["xn--bucket", /must not start with "xn--" \(reserved for internationalised domain names\)/],
    ["sthree-bucket", /must not start with "sthree-"/],
    ["sthree-configurator-x", /must not start with "sthree-"/],
    ["amzn-s3-demo-bucket", /must not start with "amzn-s3-demo-"/],
    ["my-ap-s3alias", /must not end with "-s3alias" \(reserved for access point aliases\)/],
    ["my-ap--ol-s3", /must not end with "--ol-s3"/],
    ["my.mrap", /must not end with ".mrap"/],
    ["tables--table-s3", /must not end with "--table-s3"/],
    [
      "bucket--x-s3",
      /reserved for S3 Express directory buckets named "<base-name>--<zone-id>--x-s3"/,
    ],
    ["logs--notazone--x-s3", /reserved for S3 Express directory buckets/],
    ["--use1-az4--x-s3", /must start and end/],
    ["my.logs--use1-az4--x-s3", /directory bucket name, and those must not contain "\."/],
  ] as const)("rejects %s naming the bucket and the rule", (name, rule) => {
    let thrown: unknown;
    try {
      validateBucketName(name);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const err = thrown as ConfigError;
    expect(err.message).toContain(`invalid bucket name ${JSON.stringify(name)}: it `);
    expect(err.message).toMatch(rule);
    expect(err.key).toBe("bucket");
    expect(err.value).toBe(name);
  });

  it("rejects a non-string with a ConfigError", () => {
    expect(() => validateBucketName(undefined as unknown as string)).toThrowError(
      /invalid bucket name: expected a string, got undefined/,
    );
  });
});

describe("directoryBucketZoneId", () => {
  it.each([
    ["logs--use1-az4--x-s3", "use1-az4"],
    ["a--usw2-lax1-az1--x-s3", "usw2-lax1-az1"],
    ["my--base--apne1-az4--x-s3", "apne1-az4"],
    ["logs", undefined],
    ["logs--x-s3", undefined],
    ["--use1-az4--x-s3", undefined],
    ["logs--use1-zz4--x-s3", undefined],
    ["logs--use1-az4--x-s3-backup", undefined],
  ] as const)("%s -> %s", (name, zone) => {
    expect(directoryBucketZoneId(name)).toBe(zone);
  });
});
