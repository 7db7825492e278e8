export {
  CLIENT_OPTION_DEFAULTS,
  type ClientOptions,
  clientKeysOf,
  parseClientOptions,
} from "./client-options.js";
export { ConfigError } from "./errors.js";
export {
  type Canonicalize,
  type CanonicalS3ConfigKey,
  CLIENT_CONFIG_KEYS,
  type ClientConfigKey,
  canonicalValue,
  isClientConfigKey,
  normalizeClientConfigKey,
  normalizeS3ConfigKey,
  S3_CONFIG_KEYS,
  type S3ConfigKey,
  tryNormalizeS3ConfigKey,
} from "./keys.js";
export { inspectCustom, isSecretConfigKey, REDACTED, redactConfig, redactUrl } from "./redact.js";
export {
  type BackoffConfig,
  parseRetryConfig,
  RETRY_CONFIG_DEFAULTS,
  type RetryConfig,
  type RetryConfigInput,
} from "./retry-config.js";
export {
  parseS3Config,
  resolveS3Config,
  type S3Config,
  type S3ConfigInput,
  s3ConfigFromEnv,
} from "./s3-config.js";
export {
  parseBoolean,
  parseDuration,
  parseHttpUrl,
  parseNonNegativeInteger,
  parseNumber,
} from "./values.js";
