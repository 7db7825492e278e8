import { ConfigError } from "@objstore/config-keys";

const NAMING_RULES_DOC =
  "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html";
const DIRECTORY_SUFFIX = "--x-s3";
// Availability Zone IDs ("use1-az4") and Local Zone IDs ("usw2-lax1-az1").
const ZONE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*-az[0-9]+$/;

/**
 * The zone ID of an S3 Express One Zone directory bucket (`<base-name>--<zone-id>--x-s3`), or
 * `undefined` for any other name. It does not check the rest of the name; see
 * {@link validateBucketName}.
 *
 * @example
 * ```ts
 * directoryBucketZoneId("logs--use1-az4--x-s3"); // "use1-az4"
 * directoryBucketZoneId("logs");                 // undefined
 * ```
 */
export function directoryBucketZoneId(name: string): string | undefined {
  if (!name.endsWith(DIRECTORY_SUFFIX)) return undefined;
  const body = name.slice(0, -DIRECTORY_SUFFIX.length);
  const split = body.lastIndexOf("--");
  if (split <= 0) return undefined;
  const zone = body.slice(split + 2);
  return ZONE_ID.test(zone) ? zone : undefined;
}

const RESERVED_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ["xn--", "reserved for internationalised domain names"],
  ["sthree-", "reserved by AWS"],
  ["amzn-s3-demo-", "reserved for AWS documentation examples"],
];

const RESERVED_SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ["-s3alias", "reserved for access point aliases"],
  ["--ol-s3", "reserved for Object Lambda access point aliases"],
  [".mrap", "reserved for Multi-Region Access Points"],
  ["--table-s3", "reserved for S3 Tables buckets"],
];

function firstBrokenRule(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) {
    return `must be 3 to 63 characters long (it has ${name.length})`;
  }
  const bad = /[^a-z0-9.-]/.exec(name)?.[0];
  if (bad !== undefined) {
    const hint = /[A-Z]/.test(bad) ? "; bucket names are lowercase" : "";
    return `may contain only lowercase letters, digits, "." and "-" (found ${JSON.stringify(bad)}${hint})`;
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return "must start and end with a lowercase letter or a digit";
  }
  if (name.includes("..")) return 'must not contain two adjacent periods ("..")';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "must not be formatted as an IP address";
  for (const [prefix, why] of RESERVED_PREFIXES) {
    if (name.startsWith(prefix)) return `must not start with "${prefix}" (${why})`;
  }
  for (const [suffix, why] of RESERVED_SUFFIXES) {
    if (name.endsWith(suffix)) return `must not end with "${suffix}" (${why})`;
  }
  if (name.endsWith(DIRECTORY_SUFFIX)) {
    if (directoryBucketZoneId(name) === undefined) {
      return `ends with "${DIRECTORY_SUFFIX}", which is reserved for S3 Express directory buckets named "<base-name>--<zone-id>--x-s3" (e.g. "logs--use1-az4--x-s3")`;
    }
    if (name.includes(".")) return 'is a directory bucket name, and those must not contain "."';
  }
  return undefined;
}

/**
 * Checks a bucket name against the S3 naming rules for general purpose buckets, and accepts
 * S3 Express One Zone directory bucket names (`<base-name>--<zone-id>--x-s3`). Throws a
 * {@link ConfigError} (key `bucket`) naming the bucket and the rule it breaks.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 * @example
 * ```ts
 * validateBucketName("my-data");              // ok
 * validateBucketName("logs--use1-az4--x-s3"); // ok: directory bucket
 * validateBucketName("My_Data");              // ConfigError: invalid bucket name "My_Data": may contain only lowercase letters, ...
 * ```
 */
export function validateBucketName(name: string): void {
  if (typeof name !== "string") {
    throw new ConfigError(`invalid bucket name: expected a string, got ${typeof name}`, {
      key: "bucket",
    });
  }
  const broken = firstBrokenRule(name);
  if (broken === undefined) return;
  throw new ConfigError(
    `invalid bucket name ${JSON.stringify(name)}: it ${broken} (see ${NAMING_RULES_DOC})`,
    { key: "bucket", value: name },
  );
}
