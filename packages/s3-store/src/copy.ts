import type { StoreSettings } from "./builder.js";
import {
  AlreadyExistsError,
  errorFromResponse,
  type FailedResponse,
  NotSupportedError,
} from "./errors.js";
import type { KeyMapper } from "./paths.js";
import {
  abortMultipartRequest,
  completeMultipartRequest,
  copyObjectRequest,
  createMultipartRequest,
  uploadPartCopyRequest,
} from "./requests.js";
import { type ObjectMeta, parseResultETag, parseUploadId } from "./responses.js";
import type { S3Transport } from "./transport.js";

// CopyObject copies at most 5 GiB; larger objects are copied part by part.
export const MAX_SINGLE_COPY = 5 * 1024 ** 3;
const COPY_PART = 512 * 1024 ** 2;

type Head = (path: string, opts: { signal?: AbortSignal }) => Promise<ObjectMeta>;

/** The headers and the status meaning "exists" of a `copy_if_not_exists` setting. */
function conditionalCopy(
  setting: string | undefined,
  from: string,
): { headers: Record<string, string>; status: number } | "multipart" {
  if (!setting) {
    throw new NotSupportedError(
      `copy ${JSON.stringify(from)} with overwrite: false needs the "copy_if_not_exists" config: "header:If-None-Match:*" on AWS S3, "multipart" on servers that honour If-None-Match on CompleteMultipartUpload`,
      { path: from },
    );
  }
  if (setting === "multipart") return "multipart";
  const [kind, name, value, status] = setting.split(":");
  return {
    headers: { [(name as string).toLowerCase()]: value as string },
    status: kind === "header-with-status" ? Number(status) : 412,
  };
}

/** CopyObject within the bucket, or a multipart copy above 5 GiB or for `copy_if_not_exists=multipart`. */
export async function copyObject(
  transport: S3Transport,
  settings: StoreSettings,
  keys: KeyMapper,
  from: string,
  to: string,
  opts: { overwrite?: boolean; signal?: AbortSignal },
  head: Head,
): Promise<void> {
  const fromKey = keys.toKey(from);
  const toKey = keys.toKey(to);
  const signal = opts.signal;
  const condition =
    opts.overwrite === false ? conditionalCopy(settings.copyIfNotExists, from) : undefined;
  const existsStatus = condition && condition !== "multipart" ? condition.status : 412;
  const mapError = (f: FailedResponse) =>
    condition && f.status === existsStatus
      ? errorFromResponse(f, [AlreadyExistsError, `${JSON.stringify(to)} already exists`])
      : undefined;
  const o = {
    operation: "copy",
    path: from,
    signal,
    idempotent: true,
    retryOnErrorBody: true,
    mapError,
    detail: `to ${JSON.stringify(to)}`,
  };
  const size =
    condition === "multipart" ? (await head(from, signal ? { signal } : {})).size : undefined;
  if (condition === "multipart" || (size ?? 0) > MAX_SINGLE_COPY) {
    return copyMultipart(
      transport,
      settings,
      fromKey,
      toKey,
      size as number,
      condition === "multipart",
      o,
    );
  }
  const extra = condition ? condition.headers : {};
  try {
    const res = await transport.send(
      copyObjectRequest(settings.bucket, fromKey, toKey, extra, settings.requests),
      o,
    );
    await transport.successText(res, o);
  } catch (error) {
    // S3 refuses CopyObject above 5 GiB with InvalidRequest; only then pay for a HEAD.
    const e = error as { code?: string; message?: string };
    if (e.code !== "InvalidRequest" || !/larger than the maximum/i.test(e.message ?? ""))
      throw error;
    const total = (await head(from, signal ? { signal } : {})).size;
    await copyMultipart(transport, settings, fromKey, toKey, total, condition !== undefined, o);
  }
}

async function copyMultipart(
  transport: S3Transport,
  settings: StoreSettings,
  fromKey: string,
  toKey: string,
  size: number,
  ifNoneMatch: boolean,
  o: Parameters<S3Transport["send"]>[1],
): Promise<void> {
  const s = settings.requests;
  const created = await transport.send(createMultipartRequest(toKey, {}, s), {
    ...o,
    mapError: undefined,
  });
  const uploadId = parseUploadId(await transport.xmlText(created, "copy"));
  try {
    const parts = [];
    const count = Math.max(1, Math.ceil(size / COPY_PART));
    for (let i = 0; i < count; i++) {
      const range = { start: i * COPY_PART, end: Math.min(size, (i + 1) * COPY_PART) };
      // An empty source has no byte range to copy; one empty part copies nothing.
      const req = uploadPartCopyRequest(settings.bucket, fromKey, toKey, uploadId, i + 1, range, s);
      if (size === 0) delete req.headers["x-amz-copy-source-range"];
      const res = await transport.send(req, { ...o, mapError: undefined });
      const text = await transport.successText(res, o);
      const eTag = parseResultETag(text, "CopyPartResult", "copy") ?? "";
      parts.push({ partNumber: i + 1, eTag });
    }
    const res = await transport.send(
      completeMultipartRequest(toKey, uploadId, parts, ifNoneMatch ? "create" : undefined, s),
      o,
    );
    await transport.successText(res, o);
  } catch (error) {
    await transport
      .send(abortMultipartRequest(toKey, uploadId, s), { ...o, mapError: undefined, accept: [404] })
      .then((r) => r.discard())
      .catch(() => {});
    throw error;
  }
}
