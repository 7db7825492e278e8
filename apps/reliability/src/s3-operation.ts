/** The S3 operation a request is, as far as its method, query and headers tell. */
export type S3Operation =
  | "get"
  | "head"
  | "put"
  | "copy"
  | "delete"
  | "list"
  | "listUploads"
  | "createMultipart"
  | "uploadPart"
  | "completeMultipart"
  | "abortMultipart"
  | "deleteObjects"
  | "other";

/**
 * Classifies a path-style S3 request (`/<bucket>/<key>?<query>`).
 *
 * @example
 * ```ts
 * s3Operation("POST", "/b/k?uploadId=1", {}); // "completeMultipart"
 * ```
 */
export function s3Operation(
  method: string,
  url: string,
  headers: Record<string, string | string[] | undefined>,
): S3Operation {
  const q = new URL(url, "http://x").searchParams;
  const keyed = /^\/[^/]+\/./.test(url.split("?")[0] ?? "");
  switch (method) {
    case "GET":
      if (!keyed) return q.has("uploads") ? "listUploads" : "list";
      return "get";
    case "HEAD":
      return "head";
    case "PUT":
      if (q.has("partNumber")) return "uploadPart";
      return headers["x-amz-copy-source"] ? "copy" : "put";
    case "POST":
      if (q.has("delete")) return "deleteObjects";
      if (q.has("uploads")) return "createMultipart";
      if (q.has("uploadId")) return "completeMultipart";
      return "other";
    case "DELETE":
      return q.has("uploadId") ? "abortMultipart" : "delete";
    default:
      return "other";
  }
}
