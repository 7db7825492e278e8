import { ConfigError } from "@objstore/config-keys";
import { matchAwsHost } from "./aws-hosts.js";
import { validateBucketName } from "./bucket-name.js";
import { hasControlChar } from "./control-chars.js";
import { UrlParseError } from "./errors.js";
import type { HostMatch } from "./host-match.js";
import { decodePrefix } from "./prefix.js";
import { matchR2Host } from "./r2-hosts.js";

/**
 * What an S3 URL says. Keys are present only when the URL says something about them.
 *
 * How a store builds request URLs from it (the AWS SDKs' rule): `endpoint` is always the
 * service endpoint, never with the bucket in it, so the same endpoint serves any bucket.
 * - no `endpoint`: the store derives the AWS host from `bucket` and `region`
 *   (`https://<bucket>.s3.<region>.amazonaws.com` when `virtualHostedStyle`,
 *   `https://s3.<region>.amazonaws.com/<bucket>` otherwise; the S3 Express zonal host for
 *   directory buckets);
 * - `endpoint` with `virtualHostedStyle: true`: the bucket goes in front of the endpoint's host
 *   (`https://<bucket>.<endpoint host>/<key>`);
 * - `endpoint` without `virtualHostedStyle`: path style, `<endpoint>/<bucket>/<key>`.
 *
 * @example
 * ```ts
 * const { bucket, endpoint, virtualHostedStyle, prefix }: ParsedS3Url = parseS3Url(url);
 * const base = endpoint === undefined ? undefined
 *   : virtualHostedStyle ? endpoint.replace("://", `://${bucket}.`) : `${endpoint}/${bucket}`;
 * ```
 */
export interface ParsedS3Url {
  /** The bucket, checked with {@link validateBucketName}. */
  bucket: string;
  /** The signing region, when the host names one (`"auto"` for Cloudflare R2). */
  region?: string;
  /** `scheme://host[:port]` when the host is not one a store derives from bucket and region. */
  endpoint?: string;
  /** `true` when the bucket is in the host; absent for path-style URLs. */
  virtualHostedStyle?: boolean;
  /** The key prefix: percent-decoded, no leading or trailing `/`; absent when empty. */
  prefix?: string;
}

const SCHEMES = ["s3:", "s3a:", "https:", "http:"];
const ACCEPTED_FORMS =
  "s3://<bucket>/<prefix>, s3a://<bucket>/<prefix>, an AWS or Cloudflare R2 https:// URL, or http(s)://<host>[:<port>]/<bucket>/<prefix> for other servers";

function toBucket(input: string, bucket: string): string {
  if (bucket === "") {
    throw new UrlParseError(input, "missing-bucket", `no bucket; expected ${ACCEPTED_FORMS}`);
  }
  try {
    validateBucketName(bucket);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new UrlParseError(input, "invalid-bucket", err.message, { cause: err });
  }
  return bucket;
}

function toPrefix(input: string, rawPath: string): { prefix?: string } {
  const decoded = decodePrefix(rawPath);
  if ("problem" in decoded) throw new UrlParseError(input, "invalid-prefix", decoded.problem);
  return decoded;
}

function fromBucketUrl(input: string, url: URL): ParsedS3Url {
  const scheme = url.protocol.slice(0, -1);
  if (url.port !== "") {
    throw new UrlParseError(
      input,
      "unrecognised-host",
      `${scheme}:// URLs name a bucket, not a server, so they take no port; for a custom endpoint use http(s)://<host>:<port>/<bucket>/<prefix>`,
    );
  }
  // Opaque hosts keep percent-escapes; decoding lets the naming rules name the real character.
  const bucket = decodeBucket(input, url.hostname);
  return { bucket: toBucket(input, bucket), ...toPrefix(input, url.pathname) };
}

function decodeBucket(input: string, segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new UrlParseError(
      input,
      "invalid-bucket",
      'the bucket holds malformed percent-encoding; write a literal "%" as %25',
    );
  }
}

function fromHttpUrl(input: string, url: URL): ParsedS3Url {
  const host = url.hostname.replace(/\.$/, "");
  const custom: HostMatch = { ok: true, derivable: false };
  const match = matchAwsHost(host) ?? matchR2Host(host) ?? custom;
  if (!match.ok) throw new UrlParseError(input, "unrecognised-host", match.problem);

  let bucket = match.bucket;
  let rawPath = url.pathname;
  if (bucket === undefined) {
    const end = rawPath.indexOf("/", 1);
    bucket = decodeBucket(input, end === -1 ? rawPath.slice(1) : rawPath.slice(1, end));
    rawPath = end === -1 ? "" : rawPath.slice(end);
  }
  const keepEndpoint = !match.derivable || url.protocol !== "https:" || url.port !== "";
  // The endpoint is the service's: a virtual-hosted URL's host minus its leading "<bucket>.".
  const serviceHost =
    match.bucket === undefined ? url.host : url.host.slice(match.bucket.length + 1);
  return {
    bucket: toBucket(input, bucket),
    ...(match.region !== undefined && { region: match.region }),
    ...(keepEndpoint && { endpoint: `${url.protocol}//${serviceHost}` }),
    ...(match.bucket !== undefined && { virtualHostedStyle: true }),
    ...toPrefix(input, rawPath),
  };
}

/**
 * Reads the bucket, region, endpoint, addressing style and key prefix from an S3 URL.
 *
 * Accepted forms:
 * - `s3://<bucket>/<prefix>` and `s3a://<bucket>/<prefix>`;
 * - AWS path style `https://s3.<region>.amazonaws.com/<bucket>/<prefix>`, the global
 *   `https://s3.amazonaws.com/<bucket>` (region left unset, so config or the environment decides;
 *   the fallback is us-east-1) and the legacy `https://s3-<region>.amazonaws.com/<bucket>`;
 * - AWS virtual-hosted style `https://<bucket>.s3[.<region>].amazonaws.com/<prefix>`;
 * - dualstack (`s3.dualstack.<region>`), FIPS (`s3-fips[.dualstack].<region>`), Transfer
 *   Acceleration (`<bucket>.s3-accelerate[.dualstack]`) and China (`amazonaws.com.cn`) hosts, in
 *   either style, with the host kept as `endpoint`;
 * - S3 Express One Zone: `s3://<name>--<zone-id>--x-s3/…` and
 *   `https://<name>--<zone-id>--x-s3.s3express-<zone-id>.<region>.amazonaws.com/…`;
 * - Cloudflare R2: `https://<account>[.<eu|fedramp>].r2.cloudflarestorage.com/<bucket>/<prefix>`
 *   and `https://<bucket>.<account>[.<eu|fedramp>].r2.cloudflarestorage.com/<prefix>` (region
 *   `"auto"`);
 * - any other `http(s)://<host>[:<port>]/<bucket>/<prefix>` (MinIO, Ceph, localhost) as a
 *   path-style custom endpoint.
 *
 * Refused with a {@link UrlParseError}: other schemes, user name or password in the URL, query
 * strings and fragments (percent-encode `?` as `%3F` and `#` as `%23` when they belong to the
 * prefix), control characters, unknown AWS/R2 host forms, a missing or invalid bucket, and
 * prefixes with empty, `.` or `..` segments. Leading and trailing spaces are ignored, and `.`/`..`
 * segments written literally are resolved as the WHATWG URL parser does.
 *
 * The prefix is not a config key: a store takes it from here (see {@link s3ConfigFromUrl}).
 *
 * @example
 * ```ts
 * parseS3Url("s3://logs/2024/07/");
 * // { bucket: "logs", prefix: "2024/07" }
 * parseS3Url("https://logs.s3.dualstack.eu-west-1.amazonaws.com/app");
 * // { bucket: "logs", region: "eu-west-1", endpoint: "https://logs.s3.dualstack.eu-west-1.amazonaws.com",
 * //   virtualHostedStyle: true, prefix: "app" }
 * parseS3Url("http://127.0.0.1:9000/test-bucket/data");
 * // { bucket: "test-bucket", endpoint: "http://127.0.0.1:9000", prefix: "data" }
 * ```
 */
export function parseS3Url(url: string): ParsedS3Url {
  if (typeof url !== "string") {
    throw new UrlParseError(url, "unparseable", `expected a string, got ${typeof url}`);
  }
  // The URL parser silently drops tabs and newlines, which would turn "buck\tet" into "bucket".
  if (hasControlChar(url)) {
    throw new UrlParseError(
      url,
      "unparseable",
      "the URL holds control characters (tab, newline, …); remove them",
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UrlParseError(url, "unparseable", `not an absolute URL; expected ${ACCEPTED_FORMS}`);
  }
  if (!SCHEMES.includes(parsed.protocol)) {
    throw new UrlParseError(
      url,
      "unsupported-scheme",
      `scheme "${parsed.protocol.slice(0, -1)}" is not supported; expected ${ACCEPTED_FORMS}`,
    );
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new UrlParseError(
      url,
      "credentials-in-url",
      "credentials in a URL are refused, since URLs end up in logs; pass access_key_id and secret_access_key in config or the AWS_* environment variables",
    );
  }
  // After a successful parse with no userinfo, any "?" or "#" can only start a query or fragment.
  if (url.includes("?") || url.includes("#")) {
    throw new UrlParseError(
      url,
      "query-or-fragment",
      'query strings and fragments are not accepted; if "?" or "#" belong to the prefix, percent-encode them as %3F and %23',
    );
  }
  return parsed.protocol === "s3:" || parsed.protocol === "s3a:"
    ? fromBucketUrl(url, parsed)
    : fromHttpUrl(url, parsed);
}
