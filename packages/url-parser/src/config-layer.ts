import { parseS3Config, type S3Config } from "@objstore/config-keys";
import { directoryBucketZoneId } from "./bucket-name.js";
import { parseS3Url } from "./parse-url.js";

/**
 * An S3 URL as a config layer, with canonical keys: `bucket`, `region` (when the URL names one),
 * `endpoint` (when the host is not one a store derives), `virtual_hosted_style_request` and
 * `s3_express` (`"true"` for directory buckets). Feed it to `resolveS3Config({ url: … })`, where it
 * beats the environment and loses to explicit config.
 *
 * `virtual_hosted_style_request` is set whenever the URL fixes the addressing style: `"true"` for
 * virtual-hosted URLs, `"false"` for path-style URLs that carry an endpoint, so an
 * `AWS_VIRTUAL_HOSTED_STYLE_REQUEST=true` in the environment cannot turn
 * `http://127.0.0.1:9000/bucket` into a request to the bare endpoint. `s3://` and plain AWS
 * path-style URLs leave it unset.
 *
 * The key prefix is not a config key; take it from {@link parseS3Url}. Throws
 * {@link UrlParseError} like `parseS3Url`.
 *
 * @example
 * ```ts
 * import { resolveS3Config, s3ConfigFromEnv } from "@objstore/config-keys";
 *
 * const url = "https://0123abcd.r2.cloudflarestorage.com/media/thumbs";
 * const config = resolveS3Config({ env: s3ConfigFromEnv(), url: s3ConfigFromUrl(url) });
 * // { bucket: "media", region: "auto", endpoint: "https://0123abcd.r2.cloudflarestorage.com",
 * //   virtual_hosted_style_request: "false", ... }
 * const { prefix } = parseS3Url(url); // "thumbs"
 * ```
 */
export function s3ConfigFromUrl(url: string): S3Config {
  const parsed = parseS3Url(url);
  const layer: Record<string, string> = { bucket: parsed.bucket };
  if (parsed.region !== undefined) layer.region = parsed.region;
  if (parsed.endpoint !== undefined) layer.endpoint = parsed.endpoint;
  if (parsed.virtualHostedStyle === true || parsed.endpoint !== undefined) {
    layer.virtual_hosted_style_request = String(parsed.virtualHostedStyle === true);
  }
  if (directoryBucketZoneId(parsed.bucket) !== undefined) layer.s3_express = "true";
  return parseS3Config(layer);
}
