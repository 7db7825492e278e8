import {
  type ClientOptions,
  ConfigError,
  clientKeysOf,
  parseBoolean,
  parseClientOptions,
  parseS3Config,
  resolveS3Config,
  type S3Config,
  s3ConfigFromEnv,
} from "@objstore/config-keys";
import type { RetryEvent } from "@objstore/http-client";
import { parseS3Url, s3ConfigFromUrl, validateBucketName } from "@objstore/url-parser";
import { Addressing } from "./addressing.js";
import type { ChecksumAlgorithm } from "./checksum.js";
import type { RequestSettings, SseSettings } from "./requests.js";

/** Options shared by every way of building an `S3Store`. */
export interface S3StoreOptions {
  /** The bucket; beats `config.bucket`, the URL and `AWS_BUCKET`. */
  bucket?: string;
  /** A path prefix every operation is confined to (e.g. `"tenants/42"`). */
  prefix?: string;
  /** An `s3://`, `https://` or custom-endpoint URL giving bucket, region, endpoint and prefix. */
  url?: string;
  /** Config keys (any spelling, see `@objstore/config-keys`). Beats the URL and the environment. */
  config?: Record<string, unknown>;
  /** HTTP client options; merged over client keys from the environment and `config`. */
  clientOptions?: Record<string, unknown>;
  /** Retry settings, e.g. `{ maxRetries: 3 }`. */
  retryConfig?: Record<string, unknown>;
  /**
   * Called before each retry of any request (and each resume of a broken download): for logging
   * or counting. The event carries no secret.
   */
  onRetry?: (event: RetryEvent) => void;
  /**
   * The environment to read `AWS_*` variables from: `process.env` by default, `false` for none.
   */
  env?: Record<string, string | undefined> | false;
}

/** Everything the store derives from its options, once. */
export interface StoreSettings {
  bucket: string;
  region: string;
  prefix: string;
  config: S3Config;
  client: ClientOptions;
  addressing: Addressing;
  requests: RequestSettings;
  skipSignature: boolean;
  unsignedPayload: boolean;
  conditionalPut: boolean;
  copyIfNotExists?: string;
  disableBulkDelete: boolean;
  s3Express: boolean;
}

function flag(config: S3Config, key: keyof S3Config): boolean {
  const v = config[key];
  return v === undefined ? false : parseBoolean(v, key);
}

function sseOf(config: S3Config): SseSettings | undefined {
  const type = config.server_side_encryption as SseSettings["type"] | undefined;
  if (!type) return undefined;
  const sse: SseSettings = { type };
  if (config.sse_kms_key_id) sse.kmsKeyId = config.sse_kms_key_id;
  if (config.sse_bucket_key_enabled !== undefined)
    sse.bucketKeyEnabled = flag(config, "sse_bucket_key_enabled");
  if (type === "sse-c") {
    if (!config.sse_customer_key_base64) {
      throw new ConfigError(
        'server_side_encryption "sse-c" needs "sse_customer_key_base64" (the base64 of a 32-byte key)',
        {
          key: "sse_customer_key_base64",
        },
      );
    }
    sse.customerKey = config.sse_customer_key_base64;
  }
  return sse;
}

/** Resolves options with the one precedence rule: defaults < environment < URL < explicit. */
export function resolveStoreSettings(options: S3StoreOptions): StoreSettings {
  const env = options.env === false ? {} : s3ConfigFromEnv(options.env ?? process.env);
  const parsedUrl = options.url ? parseS3Url(options.url) : undefined;
  const urlLayer = options.url ? s3ConfigFromUrl(options.url) : undefined;
  const explicit = parseS3Config({
    ...options.config,
    ...(options.bucket ? { bucket: options.bucket } : {}),
  });
  const config = resolveS3Config({ env, ...(urlLayer ? { url: urlLayer } : {}), config: explicit });
  const bucket = config.bucket;
  if (!bucket) {
    throw new ConfigError(
      "no bucket given: pass `bucket`, a URL such as s3://my-bucket, or set AWS_BUCKET",
      { key: "bucket" },
    );
  }
  validateBucketName(bucket);
  const region = config.region as string;
  const client = parseClientOptions(clientKeysOf(config), options.clientOptions);
  const s3Express = flag(config, "s3_express");
  const requests: RequestSettings = {
    requestPayer: flag(config, "request_payer"),
    disableTagging: flag(config, "disable_tagging"),
  };
  const sse = sseOf(config);
  if (sse) requests.sse = sse;
  if (config.checksum_algorithm)
    requests.checksumAlgorithm = config.checksum_algorithm as ChecksumAlgorithm;
  if (client.defaultContentType) requests.defaultContentType = client.defaultContentType;
  if (client.contentTypeMap) requests.contentTypeMap = client.contentTypeMap;
  const settings: StoreSettings = {
    bucket,
    region,
    prefix: options.prefix ?? parsedUrl?.prefix ?? "",
    config,
    client,
    addressing: new Addressing({
      bucket,
      region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      virtualHostedStyle: flag(config, "virtual_hosted_style_request"),
      s3Express,
    }),
    requests,
    skipSignature: flag(config, "skip_signature"),
    unsignedPayload: flag(config, "unsigned_payload"),
    conditionalPut: config.conditional_put !== "disabled",
    disableBulkDelete: flag(config, "disable_bulk_delete"),
    s3Express,
  };
  if (config.copy_if_not_exists) settings.copyIfNotExists = config.copy_if_not_exists;
  return settings;
}
