import { ObjectStoreError } from "./errors.js";
import type { ListedPage } from "./list-pages.js";
import { type ListText, scanListPage } from "./list-xml.js";
import { parseS3Time } from "./s3-time.js";
import { listOf, parseXml, textOf, type XmlNode } from "./xml.js";

/** What a store knows about one object. */
export interface ObjectMeta {
  /** The path, relative to the store's prefix. */
  path: string;
  lastModified: Date;
  /** Size in bytes. */
  size: number;
  eTag?: string;
  version?: string;
}

/** The attributes stored with an object, as returned by get/head. */
export interface Attributes {
  contentType?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  cacheControl?: string;
  /** User metadata (`x-amz-meta-*`), names lower-cased. */
  metadata?: Record<string, string>;
}

/** An S3 `<Error>` body. */
export interface S3ErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

function root(doc: XmlNode, name: string, operation: string): XmlNode {
  const node = doc[name];
  if (node === undefined || typeof node !== "object" || Array.isArray(node)) {
    if (node === "") return {};
    throw new ObjectStoreError(`${operation} failed: expected an XML <${name}> response`, {
      operation,
    });
  }
  return node;
}

function decodeIf(urlEncoded: boolean, value: string): string {
  if (!urlEncoded) return value;
  // encoding-type=url encodes spaces as "+", like a form.
  const spaced = value.includes("+") ? value.replace(/\+/g, " ") : value;
  return spaced.includes("%") ? decodeURIComponent(spaced) : spaced;
}

// Objects uploaded together share a LastModified (S3's times have whole seconds): the time read
// last is reused when the text repeats, and each object still gets a Date of its own.
let lastTimeText = "";
let lastTimeMs = 0;

function date(value: string | undefined): Date {
  if (!value) return new Date(0);
  if (value !== lastTimeText) {
    const ms = parseS3Time(value);
    lastTimeMs = Number.isNaN(ms) ? 0 : ms;
    lastTimeText = value;
  }
  return new Date(lastTimeMs);
}

function size(value: string | undefined, operation: string): number {
  const n = Number(value);
  if (value === undefined || !Number.isSafeInteger(n) || n < 0) {
    throw new ObjectStoreError(
      `${operation} failed: invalid object size ${JSON.stringify(value)} in the response`,
      {
        operation,
      },
    );
  }
  return n;
}

/**
 * Parses a ListObjectsV2 response body into store metadata; `toPath` turns a bucket key into a
 * store path (common prefixes stay keys); without it paths are the keys.
 */
export function parseListPage(text: ListText, toPath?: (key: string) => string): ListedPage {
  const raw = scanListPage(text, listedObject);
  const encoded = raw.encodingType?.toLowerCase() === "url";
  if (encoded || toPath) {
    for (const meta of raw.objects) {
      const key = decodeIf(encoded, meta.path);
      meta.path = toPath ? toPath(key) : key;
    }
  }
  const page: ListedPage = {
    objects: raw.objects,
    commonPrefixes: raw.commonPrefixes.map((p) => decodeIf(encoded, p)),
  };
  const token = raw.nextContinuationToken;
  if (raw.isTruncated === "true" && token) page.next = token;
  return page;
}

/** A listed object, its path still the bucket key as listed (possibly url-encoded). */
function listedObject(
  key: string | undefined,
  lastModified: string | undefined,
  objectSize: string | undefined,
  eTag: string | undefined,
): ObjectMeta {
  const path = key ?? "";
  const time = date(lastModified);
  const bytes = size(objectSize, "list");
  // One literal per shape: adding eTag to a built object cost an extra allocation per object
  // (a property store beside the object), and a spread more than scanning the entry's XML.
  return eTag
    ? { path, lastModified: time, size: bytes, eTag }
    : { path, lastModified: time, size: bytes };
}

/** Parses an S3 `<Error>` document; anything else yields an empty result. */
export function parseErrorBody(text: string): S3ErrorBody {
  if (!text.includes("<Error")) return {};
  try {
    const error = root(parseXml(text, "error"), "Error", "error");
    const out: S3ErrorBody = {};
    const code = textOf(error, "Code");
    const message = textOf(error, "Message");
    const requestId = textOf(error, "RequestId");
    if (code) out.code = code;
    if (message) out.message = message;
    if (requestId) out.requestId = requestId;
    return out;
  } catch {
    return {};
  }
}

/** The upload id of an InitiateMultipartUpload response. */
export function parseUploadId(text: string): string {
  const result = root(
    parseXml(text, "createMultipartUpload"),
    "InitiateMultipartUploadResult",
    "createMultipartUpload",
  );
  const id = textOf(result, "UploadId");
  if (!id)
    throw new ObjectStoreError("createMultipartUpload failed: no UploadId in the response", {});
  return id;
}

/** The ETag of a CompleteMultipartUpload or CopyObject result (may be empty on some servers). */
export function parseResultETag(
  text: string,
  element: string,
  operation: string,
): string | undefined {
  const result = root(parseXml(text, operation), element, operation);
  return textOf(result, "ETag") || undefined;
}

/** Per-key failures of a DeleteObjects response. */
export function parseDeleteErrors(text: string): { key: string; code: string; message: string }[] {
  const result = root(parseXml(text, "delete"), "DeleteResult", "delete");
  return listOf(result, "Error").map((e) => ({
    key: textOf(e, "Key") ?? "",
    code: textOf(e, "Code") ?? "",
    message: textOf(e, "Message") ?? "",
  }));
}

/** Object metadata from the headers of a GET or HEAD response. */
export function metaFromHeaders(
  path: string,
  headers: Record<string, string>,
  operation: string,
): ObjectMeta {
  const range = headers["content-range"];
  // For a ranged GET the object size is the total after the "/" of Content-Range.
  const total = range ? /\/(\d+)$/.exec(range)?.[1] : undefined;
  const meta: ObjectMeta = {
    path,
    lastModified: date(headers["last-modified"]),
    size: size(total ?? headers["content-length"], operation),
  };
  if (headers.etag) meta.eTag = headers.etag;
  if (headers["x-amz-version-id"] && headers["x-amz-version-id"] !== "null")
    meta.version = headers["x-amz-version-id"];
  return meta;
}

/** Stored attributes from the headers of a GET or HEAD response. */
export function attributesFromHeaders(headers: Record<string, string>): Attributes {
  const out: Attributes = {};
  const map: [keyof Attributes, string][] = [
    ["contentType", "content-type"],
    ["contentDisposition", "content-disposition"],
    ["contentEncoding", "content-encoding"],
    ["contentLanguage", "content-language"],
    ["cacheControl", "cache-control"],
  ];
  for (const [field, header] of map) {
    const v = headers[header];
    if (v !== undefined) (out as Record<string, string>)[field] = v;
  }
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith("x-amz-meta-")) metadata[name.slice(11)] = decodeMetadataValue(value);
  }
  if (Object.keys(metadata).length) out.metadata = metadata;
  return out;
}

// Non-ASCII metadata is sent RFC 2047 encoded (=?UTF-8?B?...?=); S3 hands it back as sent.
function decodeMetadataValue(value: string): string {
  const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/i.exec(value);
  return m ? Buffer.from(m[1] as string, "base64").toString("utf8") : value;
}
