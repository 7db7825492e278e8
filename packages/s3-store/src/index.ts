export { ConfigError } from "@objstore/config-keys";
export type { AwsSdkCredentialProvider } from "@objstore/credentials";
export type { RetryEvent } from "@objstore/http-client";
export { SigningError } from "@objstore/signer";
export { UrlParseError } from "@objstore/url-parser";
export type { PutBody } from "./body.js";
export type { S3StoreOptions } from "./builder.js";
export type { ChecksumAlgorithm } from "./checksum.js";
export {
  AlreadyExistsError,
  DeleteError,
  type DeleteFailure,
  InvalidPathError,
  NotFoundError,
  NotModifiedError,
  NotSupportedError,
  ObjectStoreError,
  type ObjectStoreErrorDetails,
  PermissionDeniedError,
  PreconditionError,
  UnauthenticatedError,
} from "./errors.js";
export { type ByteRange, GetResult } from "./get-result.js";
export { ListStream } from "./list-stream.js";
export type { UploadProgress } from "./multipart.js";
export { MultipartUpload, type PutResult } from "./multipart-upload.js";
export type { Range } from "./ranges.js";
export type {
  CompletedPart,
  GetRange,
  PutAttributes,
  PutMode,
  PutRequestOptions,
} from "./requests.js";
export type { Attributes, ObjectMeta } from "./responses.js";
export {
  type GetOptions,
  type ListOptions,
  type PutOptions,
  S3Store,
} from "./store.js";
