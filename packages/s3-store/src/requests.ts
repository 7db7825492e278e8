import { lookup as mimeLookup } from "mrmime";
import { type ChecksumAlgorithm, checksumBase64, md5Base64 } from "./checksum.js";
import { InvalidPathError } from "./errors.js";
import { encodeKey, encodeRfc3986 } from "./paths.js";
import type { Attributes } from "./responses.js";
import { escapeXml } from "./xml.js";

/** An S3 operation as an HTTP request relative to the bucket; `key` undefined means the bucket. */
export interface S3Request {
  method: "GET" | "HEAD" | "PUT" | "POST" | "DELETE";
  key?: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: Uint8Array;
}

/** Server-side encryption, as configured on the store. */
export interface SseSettings {
  type: "AES256" | "aws:kms" | "aws:kms:dsse" | "sse-c";
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  /** SSE-C key, base64. */
  customerKey?: string;
}

/** Store-wide settings that change requests. */
export interface RequestSettings {
  sse?: SseSettings;
  requestPayer?: boolean;
  disableTagging?: boolean;
  checksumAlgorithm?: ChecksumAlgorithm;
  defaultContentType?: string;
  contentTypeMap?: Record<string, string>;
}

/** Byte range of a get: `{start, end}` (end exclusive), `{offset}` (to the end) or `{suffix}` (last n bytes). */
export type GetRange = { start: number; end: number } | { offset: number } | { suffix: number };

/** Conditions and variants of a get. */
export interface GetRequestOptions {
  range?: GetRange;
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: Date;
  ifUnmodifiedSince?: Date;
  version?: string;
  head?: boolean;
}

/** Attributes stored with an object on put: the same set a get returns. */
export type PutAttributes = Attributes;

/** How a put treats an existing object. */
export type PutMode = "overwrite" | "create" | { eTag?: string; version?: string };

/** Options shared by single puts and multipart uploads. */
export interface PutRequestOptions {
  mode?: PutMode;
  attributes?: PutAttributes;
  tags?: Record<string, string>;
}

/** The `Range` header value for a range; throws on nonsense ranges. */
export function rangeHeader(range: GetRange, path: string): string {
  const bad = (why: string) =>
    new InvalidPathError(`invalid range for ${JSON.stringify(path)}: ${why}`, { path });
  const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;
  if ("suffix" in range) {
    if (!isCount(range.suffix) || range.suffix === 0)
      throw bad("suffix must be a positive integer");
    return `bytes=-${range.suffix}`;
  }
  if ("offset" in range) {
    if (!isCount(range.offset)) throw bad("offset must be a non-negative integer");
    return `bytes=${range.offset}-`;
  }
  if (!isCount(range.start) || !isCount(range.end))
    throw bad("start and end must be non-negative integers");
  if (range.end <= range.start)
    throw bad(`end (${range.end}) must be greater than start (${range.start})`);
  return `bytes=${range.start}-${range.end - 1}`;
}

function sseCHeaders(
  sse: SseSettings | undefined,
  prefix = "x-amz-server-side-encryption",
): Record<string, string> {
  if (sse?.type !== "sse-c" || !sse.customerKey) return {};
  const key = Buffer.from(sse.customerKey, "base64");
  return {
    [`${prefix}-customer-algorithm`]: "AES256",
    [`${prefix}-customer-key`]: sse.customerKey,
    [`${prefix}-customer-key-md5`]: md5Base64(key),
  };
}

function writeEncryptionHeaders(sse: SseSettings | undefined): Record<string, string> {
  if (!sse) return {};
  if (sse.type === "sse-c") return sseCHeaders(sse);
  const h: Record<string, string> = { "x-amz-server-side-encryption": sse.type };
  if (sse.kmsKeyId) h["x-amz-server-side-encryption-aws-kms-key-id"] = sse.kmsKeyId;
  if (sse.bucketKeyEnabled !== undefined) {
    h["x-amz-server-side-encryption-bucket-key-enabled"] = String(sse.bucketKeyEnabled);
  }
  return h;
}

function payerHeaders(s: RequestSettings): Record<string, string> {
  return s.requestPayer ? { "x-amz-request-payer": "requester" } : {};
}

function httpDate(d: Date): string {
  return d.toUTCString();
}

/** GetObject / HeadObject. */
export function getObjectRequest(
  key: string,
  opts: GetRequestOptions,
  s: RequestSettings,
  path = key,
): S3Request {
  const headers: Record<string, string> = { ...sseCHeaders(s.sse), ...payerHeaders(s) };
  if (opts.range) headers.range = rangeHeader(opts.range, path);
  if (opts.ifMatch) headers["if-match"] = opts.ifMatch;
  if (opts.ifNoneMatch) headers["if-none-match"] = opts.ifNoneMatch;
  if (opts.ifModifiedSince) headers["if-modified-since"] = httpDate(opts.ifModifiedSince);
  if (opts.ifUnmodifiedSince) headers["if-unmodified-since"] = httpDate(opts.ifUnmodifiedSince);
  return {
    method: opts.head ? "HEAD" : "GET",
    key,
    query: opts.version ? { versionId: opts.version } : {},
    headers,
  };
}

/** The Content-Type for a key: explicit, then the store's map, then the extension, then the default. */
export function contentTypeFor(
  key: string,
  explicit: string | undefined,
  s: RequestSettings,
): string | undefined {
  if (explicit) return explicit;
  const ext = /\.([^./]+)$/.exec(key)?.[1]?.toLowerCase();
  if (ext && s.contentTypeMap?.[ext]) return s.contentTypeMap[ext];
  return (ext ? mimeLookup(ext) : undefined) ?? s.defaultContentType;
}

// Header values must be visible ASCII; anything else goes RFC 2047 encoded, as the AWS SDKs do.
function metadataValue(value: string): string {
  return /^[\x20-\x7e]*$/.test(value)
    ? value
    : `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;
}

function attributeHeaders(
  key: string,
  opts: PutRequestOptions,
  s: RequestSettings,
  path: string,
): Record<string, string> {
  const a = opts.attributes ?? {};
  const h: Record<string, string> = {};
  const type = contentTypeFor(key, a.contentType, s);
  if (type) h["content-type"] = type;
  if (a.contentDisposition) h["content-disposition"] = a.contentDisposition;
  if (a.contentEncoding) h["content-encoding"] = a.contentEncoding;
  if (a.contentLanguage) h["content-language"] = a.contentLanguage;
  if (a.cacheControl) h["cache-control"] = a.cacheControl;
  for (const [name, value] of Object.entries(a.metadata ?? {})) {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      throw new InvalidPathError(
        `put ${JSON.stringify(path)}: invalid metadata name ${JSON.stringify(name)}; use letters, digits and - _ .`,
        { path },
      );
    }
    h[`x-amz-meta-${name.toLowerCase()}`] = metadataValue(value);
  }
  if (opts.tags && Object.keys(opts.tags).length > 0 && !s.disableTagging) {
    h["x-amz-tagging"] = Object.entries(opts.tags)
      .map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`)
      .join("&");
  }
  return h;
}

/** The conditional headers of a put mode. */
export function modeHeaders(mode: PutMode | undefined): Record<string, string> {
  if (mode === undefined || mode === "overwrite") return {};
  if (mode === "create") return { "if-none-match": "*" };
  return mode.eTag ? { "if-match": mode.eTag } : {};
}

function checksumHeaders(body: Uint8Array, s: RequestSettings): Record<string, string> {
  if (!s.checksumAlgorithm) return {};
  return { [`x-amz-checksum-${s.checksumAlgorithm}`]: checksumBase64(s.checksumAlgorithm, body) };
}

/** PutObject with a body of known bytes. */
export function putObjectRequest(
  key: string,
  body: Uint8Array,
  opts: PutRequestOptions,
  s: RequestSettings,
  path = key,
): S3Request {
  return {
    method: "PUT",
    key,
    query: {},
    headers: {
      ...attributeHeaders(key, opts, s, path),
      ...modeHeaders(opts.mode),
      ...writeEncryptionHeaders(s.sse),
      ...payerHeaders(s),
      ...checksumHeaders(body, s),
    },
    body,
  };
}

/** CreateMultipartUpload. */
export function createMultipartRequest(
  key: string,
  opts: PutRequestOptions,
  s: RequestSettings,
  path = key,
): S3Request {
  const headers = {
    ...attributeHeaders(key, opts, s, path),
    ...writeEncryptionHeaders(s.sse),
    ...payerHeaders(s),
  };
  if (s.checksumAlgorithm) headers["x-amz-checksum-algorithm"] = s.checksumAlgorithm.toUpperCase();
  return { method: "POST", key, query: { uploads: "" }, headers };
}

/** UploadPart. */
export function uploadPartRequest(
  key: string,
  uploadId: string,
  partNumber: number,
  body: Uint8Array,
  s: RequestSettings,
): S3Request {
  return {
    method: "PUT",
    key,
    query: { partNumber: String(partNumber), uploadId },
    headers: { ...sseCHeaders(s.sse), ...payerHeaders(s), ...checksumHeaders(body, s) },
    body,
  };
}

/** A part as CompleteMultipartUpload needs it. */
export interface CompletedPart {
  partNumber: number;
  eTag: string;
  checksum?: string;
}

/** CompleteMultipartUpload; `mode` adds the put's conditions. */
export function completeMultipartRequest(
  key: string,
  uploadId: string,
  parts: CompletedPart[],
  mode: PutMode | undefined,
  s: RequestSettings,
): S3Request {
  const tag = s.checksumAlgorithm ? `Checksum${s.checksumAlgorithm.toUpperCase()}` : undefined;
  const xml = parts
    .map(
      (p) =>
        `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${escapeXml(p.eTag)}</ETag>${
          tag && p.checksum ? `<${tag}>${p.checksum}</${tag}>` : ""
        }</Part>`,
    )
    .join("");
  const body = Buffer.from(`<CompleteMultipartUpload>${xml}</CompleteMultipartUpload>`);
  return {
    method: "POST",
    key,
    query: { uploadId },
    headers: {
      "content-type": "application/xml",
      ...modeHeaders(mode),
      ...sseCHeaders(s.sse),
      ...payerHeaders(s),
    },
    body,
  };
}

/** AbortMultipartUpload. */
export function abortMultipartRequest(
  key: string,
  uploadId: string,
  s: RequestSettings,
): S3Request {
  return { method: "DELETE", key, query: { uploadId }, headers: payerHeaders(s) };
}

/** ListObjectsV2, keys URL-encoded in the response so any key survives XML. */
export function listRequest(
  opts: {
    prefix: string;
    delimiter?: boolean;
    startAfter?: string;
    maxKeys?: number;
    continuationToken?: string;
  },
  s: RequestSettings,
): S3Request {
  const query: Record<string, string> = { "list-type": "2", "encoding-type": "url" };
  if (opts.prefix) query.prefix = opts.prefix;
  if (opts.delimiter) query.delimiter = "/";
  if (opts.startAfter) query["start-after"] = opts.startAfter;
  if (opts.maxKeys !== undefined) query["max-keys"] = String(opts.maxKeys);
  if (opts.continuationToken) query["continuation-token"] = opts.continuationToken;
  return { method: "GET", query, headers: payerHeaders(s) };
}

/** DeleteObjects for up to 1,000 keys, quiet mode (only failures are reported). */
export function deleteObjectsRequest(keys: string[], s: RequestSettings): S3Request {
  const objects = keys.map((k) => `<Object><Key>${escapeXml(k)}</Key></Object>`).join("");
  const body = Buffer.from(`<Delete><Quiet>true</Quiet>${objects}</Delete>`);
  return {
    method: "POST",
    query: { delete: "" },
    // MinIO refuses DeleteObjects without Content-MD5.
    headers: {
      "content-type": "application/xml",
      "content-md5": md5Base64(body),
      ...payerHeaders(s),
    },
    body,
  };
}

/** DeleteObject. */
export function deleteObjectRequest(key: string, s: RequestSettings): S3Request {
  return { method: "DELETE", key, query: {}, headers: payerHeaders(s) };
}

/** The `x-amz-copy-source` value: `/bucket/key`, key percent-encoded. */
export function copySource(bucket: string, key: string): string {
  return `/${bucket}/${encodeKey(key)}`;
}

/** CopyObject; `extra` carries copy-if-not-exists headers. */
export function copyObjectRequest(
  bucket: string,
  fromKey: string,
  toKey: string,
  extra: Record<string, string>,
  s: RequestSettings,
): S3Request {
  return {
    method: "PUT",
    key: toKey,
    query: {},
    headers: {
      "x-amz-copy-source": copySource(bucket, fromKey),
      ...writeEncryptionHeaders(s.sse),
      ...sseCHeaders(s.sse, "x-amz-copy-source-server-side-encryption"),
      ...payerHeaders(s),
      ...extra,
    },
  };
}

/** UploadPartCopy of the byte range [start, end) of the source. */
export function uploadPartCopyRequest(
  bucket: string,
  fromKey: string,
  toKey: string,
  uploadId: string,
  partNumber: number,
  range: { start: number; end: number },
  s: RequestSettings,
): S3Request {
  return {
    method: "PUT",
    key: toKey,
    query: { partNumber: String(partNumber), uploadId },
    headers: {
      "x-amz-copy-source": copySource(bucket, fromKey),
      "x-amz-copy-source-range": `bytes=${range.start}-${range.end - 1}`,
      ...sseCHeaders(s.sse),
      ...sseCHeaders(s.sse, "x-amz-copy-source-server-side-encryption"),
      ...payerHeaders(s),
    },
  };
}
