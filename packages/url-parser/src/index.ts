export { directoryBucketZoneId, validateBucketName } from "./bucket-name.js";
export { s3ConfigFromUrl } from "./config-layer.js";
export { UrlParseError, type UrlParseErrorReason } from "./errors.js";
export { type ParsedS3Url, parseS3Url } from "./parse-url.js";
