import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { patternSlice } from "./pattern.js";
import { LIST_PREFIX } from "./scenarios.js";

/**
 * What the null server pretends to hold. Object sizes come from the key (`<name>.<bytes>`, e.g.
 * `bench/obj.65536`; any other key is 1 KiB), so no data is stored and any client can GET any
 * size it asks for.
 */
export interface NullServerOptions {
  /** Keys listed under `list/` (ListObjectsV2 answers from this virtual set). Default 10,000. */
  listKeys?: number;
}

const DEFAULT_SIZE = 1024;
const ETAG = '"0123456789abcdef0123456789abcdef"';
const LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT";
const LAST_MODIFIED_ISO = "2025-01-01T00:00:00.000Z";
// The shape of a SigV4 Authorization header: every client must really sign.
const SIGV4 = /^AWS4-HMAC-SHA256 Credential=\S+, ?SignedHeaders=\S+, ?Signature=[0-9a-f]{64}$/;

/** The size of the virtual object at `key`. */
export function objectSize(key: string): number {
  const m = /\.(\d+)$/.exec(key);
  return m ? Number(m[1]) : DEFAULT_SIZE;
}

/** The name of the `i`-th listed key (sorted order is numeric order). */
export function listKey(i: number): string {
  return `${LIST_PREFIX}key-${String(i).padStart(7, "0")}`;
}

/**
 * A loopback S3 server that stores nothing: PUT/GET (with Range → 206)/HEAD/DELETE,
 * ListObjectsV2 with continuation, DeleteObjects and multipart uploads, answering only
 * SigV4-signed requests. Run it in its own process so its CPU is not counted as the client's.
 *
 * @example
 * ```ts
 * const server = await startNullServer({ listKeys: 10_000 });
 * // ... point a client at `http://127.0.0.1:${server.port}/bucket` ...
 * await new Promise((resolve) => server.server.close(resolve));
 * ```
 */
export async function startNullServer(
  options: NullServerOptions = {},
): Promise<{ server: Server; port: number }> {
  const listKeys = options.listKeys ?? 10_000;
  const listPages = new Map<string, Buffer>();
  let uploads = 0;
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const url = new URL(req.url ?? "/", "http://null");
    if (!SIGV4.test(req.headers.authorization ?? "")) {
      return finish(req, res, 403, xmlError("AccessDenied", "request is not SigV4-signed"));
    }
    const slash = url.pathname.indexOf("/", 1);
    const key = slash < 0 ? "" : decodeURIComponent(url.pathname.slice(slash + 1));
    const q = url.searchParams;
    switch (req.method) {
      case "GET":
      case "HEAD":
        if (key === "") {
          // minio-js looks for an upload to resume before each multipart upload.
          if (q.has("uploads")) {
            return finish(
              req,
              res,
              200,
              xml(
                "<ListMultipartUploadsResult><Bucket>b</Bucket><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>",
              ),
            );
          }
          if (q.get("list-type") !== "2")
            return finish(req, res, 400, xmlError("InvalidRequest", "only ListObjectsV2"));
          const cacheKey = url.search;
          let page = listPages.get(cacheKey);
          if (!page) {
            page = listPage(q, listKeys);
            listPages.set(cacheKey, page);
          }
          return finish(req, res, 200, page);
        }
        return sendObject(req, res, objectSize(key));
      case "PUT":
        return finish(req, res, 200, undefined, { etag: ETAG });
      case "POST":
        if (q.has("uploads")) {
          uploads += 1;
          return finish(
            req,
            res,
            200,
            xml(
              `<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>${escapeXml(key)}</Key><UploadId>upload-${uploads}</UploadId></InitiateMultipartUploadResult>`,
            ),
          );
        }
        if (q.has("uploadId")) {
          return finish(
            req,
            res,
            200,
            xml(
              `<CompleteMultipartUploadResult><Location>http://null/b/${escapeXml(key)}</Location><Bucket>b</Bucket><Key>${escapeXml(key)}</Key><ETag>&quot;multipart-etag-1&quot;</ETag></CompleteMultipartUploadResult>`,
            ),
          );
        }
        if (q.has("delete")) return finish(req, res, 200, xml("<DeleteResult></DeleteResult>"));
        return finish(req, res, 400, xmlError("InvalidRequest", "unknown POST"));
      case "DELETE":
        return finish(req, res, 204);
      default:
        return finish(req, res, 405, xmlError("MethodNotAllowed", String(req.method)));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Drains the request body (clients must be able to send it all), then answers. */
function finish(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body?: Buffer,
  headers: Record<string, string> = {},
): void {
  const answer = () => {
    res.writeHead(status, {
      "x-amz-request-id": "null",
      ...(body ? { "content-type": "application/xml", "content-length": body.length } : {}),
      ...(!body ? { "content-length": 0 } : {}),
      ...headers,
    });
    res.end(req.method === "HEAD" ? undefined : body);
  };
  if (req.readableEnded || req.headers["content-length"] === "0") {
    req.resume();
    answer();
    return;
  }
  req.on("end", answer);
  req.resume();
}

function sendObject(req: IncomingMessage, res: ServerResponse, size: number): void {
  let start = 0;
  let end = size; // exclusive
  let status = 200;
  const range = req.headers.range;
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range);
    if (!m || (m[1] === "" && m[2] === "")) {
      finish(req, res, 416, xmlError("InvalidRange", range));
      return;
    }
    if (m[1] === "") {
      start = Math.max(0, size - Number(m[2]));
    } else {
      start = Number(m[1]);
      end = m[2] === "" ? size : Math.min(size, Number(m[2]) + 1);
    }
    if (start >= size || start >= end) {
      finish(req, res, 416, xmlError("InvalidRange", range));
      return;
    }
    status = 206;
  }
  const headers: Record<string, string | number> = {
    "x-amz-request-id": "null",
    etag: ETAG,
    "last-modified": LAST_MODIFIED,
    "content-type": "application/octet-stream",
    "content-length": end - start,
    "accept-ranges": "bytes",
  };
  if (status === 206) headers["content-range"] = `bytes ${start}-${end - 1}/${size}`;
  req.resume();
  res.writeHead(status, headers);
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  let at = start;
  const pump = () => {
    while (at < end) {
      const chunk = patternSlice(at, end);
      at += chunk.length;
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

function listPage(q: URLSearchParams, total: number): Buffer {
  const prefix = q.get("prefix") ?? "";
  const maxKeys = Math.min(1000, Number(q.get("max-keys") ?? 1000));
  const after = q.get("continuation-token") ?? q.get("start-after") ?? "";
  // Keys sort in index order, so the first key after `after` is found by its number.
  let first = 0;
  if (after.startsWith(LIST_PREFIX)) {
    const n = Number(after.slice(LIST_PREFIX.length + 4));
    first = Number.isFinite(n) ? n + 1 : total;
  } else if (after > LIST_PREFIX) first = total;
  const inPrefix = LIST_PREFIX.startsWith(prefix) || prefix.startsWith(LIST_PREFIX);
  const last = inPrefix ? Math.min(total, first + maxKeys) : first;
  const parts: string[] = [
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${last - first}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${last < total && inPrefix}</IsTruncated>`,
  ];
  for (let i = first; i < last; i++) {
    parts.push(
      `<Contents><Key>${listKey(i)}</Key><LastModified>${LAST_MODIFIED_ISO}</LastModified><ETag>&quot;${(i * 2654435761).toString(16).padStart(32, "0").slice(-32)}&quot;</ETag><Size>${1000 + (i % 5000)}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    );
  }
  if (last < total && inPrefix) {
    parts.push(`<NextContinuationToken>${listKey(last - 1)}</NextContinuationToken>`);
  }
  parts.push("</ListBucketResult>");
  return xml(parts.join(""));
}

function xml(body: string): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function xmlError(code: string, message: string): Buffer {
  return xml(
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>null</RequestId></Error>`,
  );
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
