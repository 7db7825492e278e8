import { inspectCustom, redactConfig } from "@objstore/config-keys";
import type { AwsSdkCredentialProvider, CredentialProvider } from "@objstore/credentials";
import type { HttpResponse } from "@objstore/http-client";
import { bytesOf, ChunkReader, chunksOf, type PutBody } from "./body.js";
import { resolveStoreSettings, type S3StoreOptions, type StoreSettings } from "./builder.js";
import { deferredProvider } from "./deferred-provider.js";
import {
  AlreadyExistsError,
  errorFromResponse,
  type FailedResponse,
  NotSupportedError,
  ObjectStoreError,
  PreconditionError,
} from "./errors.js";
import { type ByteRange, GetResult } from "./get-result.js";
import { PageReader } from "./list-pages.js";
import { ListStream } from "./list-stream.js";
import { splitListText } from "./list-xml.js";
import type { UploadProgress } from "./multipart.js";
import { MultipartUpload, type PutResult } from "./multipart-upload.js";
import { KeyMapper } from "./paths.js";
import { coalesceRanges, type Range, sliceRanges } from "./ranges.js";
import {
  abortMultipartRequest,
  type CompletedPart,
  completeMultipartRequest,
  createMultipartRequest,
  type GetRange,
  type GetRequestOptions,
  getObjectRequest,
  listRequest,
  type PutMode,
  type PutRequestOptions,
  putObjectRequest,
  rangeHeader,
  uploadPartRequest,
} from "./requests.js";
import {
  attributesFromHeaders,
  metaFromHeaders,
  type ObjectMeta,
  parseListPage,
  parseResultETag,
  parseUploadId,
} from "./responses.js";
import { S3Transport } from "./transport.js";

/** Options of {@link S3Store.get}. */
export interface GetOptions extends GetRequestOptions {
  signal?: AbortSignal;
}

/** Options of {@link S3Store.put}. */
export interface PutOptions extends PutRequestOptions {
  /** Force a multipart upload even for small bodies. */
  useMultipart?: boolean;
  /** Part size of multipart uploads, and the size up to which a body goes in one request. Default 5 MiB. */
  chunkSize?: number;
  /** Parts uploaded at once. Default 12. */
  maxConcurrency?: number;
  /** Called after each uploaded part of a multipart upload. */
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** Options of {@link S3Store.list}. */
export interface ListOptions {
  /** List only paths after this one (exclusive). */
  offset?: string;
  /** Objects per page (S3's `max-keys`, at most 1000). */
  chunkSize?: number;
  signal?: AbortSignal;
}

const MIN_PART = 5 * 1024 * 1024;
const MAX_COALESCED_FETCHES = 10;

/**
 * An S3 bucket (or a prefix in one) as an object store: put, get, list, delete, copy, presign.
 * Works with AWS S3 and S3-compatible servers (MinIO, Ceph, R2, …).
 *
 * @example
 * ```ts
 * const store = S3Store.fromUrl("s3://my-bucket/data", { config: { region: "eu-west-1" } });
 * await store.put("hello.txt", "Hello!");
 * console.log(await (await store.get("hello.txt")).text());
 * for await (const meta of store.list()) console.log(meta.path, meta.size);
 * ```
 */
export class S3Store {
  readonly #settings: StoreSettings;
  readonly #keys: KeyMapper;
  readonly #transport: S3Transport;

  /**
   * Builds a store from options; the environment's `AWS_*` variables are read too (see
   * `options.env`), with the precedence defaults < environment < URL < explicit options.
   */
  constructor(
    options: S3StoreOptions & {
      credentialProvider?: CredentialProvider | AwsSdkCredentialProvider;
    } = {},
  ) {
    this.#settings = resolveStoreSettings(options);
    this.#keys = new KeyMapper(this.#settings.prefix);
    const provider = options.credentialProvider;
    // The chain and the AWS SDK adapter cache already; a caller's own provider gets a cache here.
    const settings = this.#settings;
    const credentials = settings.skipSignature
      ? undefined
      : deferredProvider(async () => {
          const c = await import("@objstore/credentials");
          return typeof provider === "function"
            ? c.fromAwsSdkProvider(provider)
            : provider
              ? c.cachedProvider(provider)
              : c.defaultProviderChain(
                  settings.config,
                  options.env === false ? { env: {} } : options.env ? { env: options.env } : {},
                );
        });
    this.#transport = new S3Transport(this.#settings, credentials, options);
  }

  /**
   * A store configured from the environment (`AWS_BUCKET`, `AWS_REGION`, `AWS_ENDPOINT_URL`, …).
   *
   * @example
   * ```ts
   * const store = S3Store.fromEnv("my-bucket");
   * ```
   */
  static fromEnv(bucket?: string, options: S3StoreOptions = {}): S3Store {
    return new S3Store({ ...options, ...(bucket ? { bucket } : {}) });
  }

  /**
   * A store for a URL: `s3://bucket/prefix`, `https://bucket.s3.region.amazonaws.com/prefix`,
   * an R2 URL, or `http://localhost:9000/bucket` for a custom endpoint.
   *
   * @example
   * ```ts
   * const store = S3Store.fromUrl("http://127.0.0.1:9000/test-bucket", { config: { allow_http: true } });
   * ```
   */
  static fromUrl(url: string, options: S3StoreOptions = {}): S3Store {
    return new S3Store({ ...options, url });
  }

  /**
   * A store whose credentials come from any `CredentialProvider`, or from an AWS SDK v3
   * provider such as `fromNodeProviderChain()`.
   *
   * @example
   * ```ts
   * import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
   * const store = S3Store.fromProvider(fromNodeProviderChain(), "my-bucket");
   * ```
   */
  static fromProvider(
    provider: CredentialProvider | AwsSdkCredentialProvider,
    bucket: string,
    options: S3StoreOptions = {},
  ): S3Store {
    return new S3Store({ ...options, bucket, credentialProvider: provider });
  }

  /** The bucket of this store. */
  get bucket(): string {
    return this.#settings.bucket;
  }

  /** The prefix every path is under ("" for none). */
  get prefix(): string {
    return this.#keys.prefix;
  }

  /**
   * Writes an object. Small bodies of known size go in one request; larger or streamed bodies
   * go as a multipart upload with `chunkSize` parts, `maxConcurrency` at a time, aborted on
   * failure. `mode: "create"` fails with {@link AlreadyExistsError} when the path exists;
   * `mode: { eTag }` fails with {@link PreconditionError} when the object changed.
   *
   * @example
   * ```ts
   * await store.put("a.json", JSON.stringify(data), { mode: "create", attributes: { cacheControl: "no-cache" } });
   * await store.put("big.bin", fs.createReadStream("big.bin"), { onProgress: (p) => console.log(p.bytesUploaded) });
   * ```
   */
  async put(path: string, body: PutBody, opts: PutOptions = {}): Promise<PutResult> {
    const key = this.#keys.toKey(path);
    this.#checkMode(opts.mode, path);
    const chunkSize = opts.chunkSize ?? MIN_PART;
    if (!Number.isSafeInteger(chunkSize) || chunkSize < MIN_PART) {
      throw new NotSupportedError(
        `put ${JSON.stringify(path)}: chunkSize must be a whole number of bytes >= 5 MiB (S3's minimum part size)`,
        { path },
      );
    }
    const bytes = bytesOf(body);
    if (bytes && !opts.useMultipart && bytes.length <= chunkSize)
      return this.#putOnce(path, key, bytes, opts);
    const signsPayload = !this.#settings.skipSignature && !this.#settings.unsignedPayload;
    const reader = new ChunkReader(chunksOf(body, path), chunkSize, signsPayload, path);
    const first = await reader.next();
    if (!opts.useMultipart && (!first || first.length < chunkSize)) {
      return this.#putOnce(path, key, first ?? new Uint8Array(0), opts);
    }
    return this.#putMultipart(path, reader, first, opts);
  }

  async #putOnce(
    path: string,
    key: string,
    body: Uint8Array,
    opts: PutOptions,
  ): Promise<PutResult> {
    const res = await this.#transport.send(
      putObjectRequest(key, body, opts, this.#settings.requests, path),
      {
        operation: "put",
        path,
        signal: opts.signal,
        idempotent: (opts.mode ?? "overwrite") === "overwrite",
        retryOnConflict: opts.mode !== undefined && opts.mode !== "overwrite",
        mapError: (f) => mapPutError(f, opts.mode),
        ...modeDetail(opts.mode),
      },
    );
    await res.discard();
    return putResult(res.headers);
  }

  async #putMultipart(
    path: string,
    reader: ChunkReader,
    first: Uint8Array | undefined,
    opts: PutOptions,
  ): Promise<PutResult> {
    // Modules of operations that are not on every store's path load on first use, not at import.
    const [upload, { uploadParts }] = await Promise.all([
      this.createMultipartUpload(path, opts),
      import("./multipart.js"),
    ]);
    try {
      const parts = await uploadParts(
        { putPart: (n, b) => upload.putPart(n, b, opts.signal ? { signal: opts.signal } : {}) },
        reader,
        first,
        opts.maxConcurrency ?? 12,
        opts.onProgress,
      );
      return await upload.complete(parts, opts.signal ? { signal: opts.signal } : {});
    } catch (error) {
      await reader.close().catch(() => {});
      // Best effort: the original failure matters more than a failed abort.
      await upload.abort().catch(() => {});
      throw error;
    }
  }

  /**
   * Starts a multipart upload for the caller to fill part by part.
   *
   * @example
   * ```ts
   * const upload = await store.createMultipartUpload("video.mp4", { attributes: { contentType: "video/mp4" } });
   * await upload.putPart(1, firstFiveMiB);
   * await upload.complete();
   * ```
   */
  async createMultipartUpload(
    path: string,
    opts: PutRequestOptions & { signal?: AbortSignal } = {},
  ): Promise<MultipartUpload> {
    const key = this.#keys.toKey(path);
    this.#checkMode(opts.mode, path);
    const s = this.#settings.requests;
    const res = await this.#transport.send(createMultipartRequest(key, opts, s, path), {
      operation: "createMultipartUpload",
      path,
      signal: opts.signal,
      idempotent: true,
    });
    const uploadId = parseUploadId(await this.#transport.xmlText(res, "createMultipartUpload"));
    return new MultipartUpload(path, uploadId, {
      putPart: async (n, body, signal) => {
        const r = await this.#transport.send(uploadPartRequest(key, uploadId, n, body, s), {
          operation: "putPart",
          path,
          signal,
          idempotent: true,
        });
        await r.discard();
        const eTag = r.headers.etag;
        if (!eTag)
          throw new ObjectStoreError(
            `putPart ${JSON.stringify(path)} part ${n}: the server returned no ETag`,
            { path },
          );
        const checksum = s.checksumAlgorithm
          ? r.headers[`x-amz-checksum-${s.checksumAlgorithm}`]
          : undefined;
        return { partNumber: n, eTag, ...(checksum ? { checksum } : {}) };
      },
      complete: (parts, signal) => this.#complete(path, key, uploadId, parts, opts.mode, signal),
      abort: async (signal) => {
        const r = await this.#transport.send(abortMultipartRequest(key, uploadId, s), {
          operation: "abortMultipartUpload",
          path,
          signal,
          idempotent: true,
          accept: [404],
        });
        await r.discard();
      },
    });
  }

  async #complete(
    path: string,
    key: string,
    uploadId: string,
    parts: CompletedPart[],
    mode: PutMode | undefined,
    signal: AbortSignal | undefined,
  ): Promise<PutResult> {
    const o = {
      operation: "put",
      path,
      signal,
      idempotent: true,
      retryOnErrorBody: true,
      retryOnConflict: mode !== undefined && mode !== "overwrite",
      mapError: (f: FailedResponse) => mapPutError(f, mode),
      ...modeDetail(mode),
    };
    const res = await this.#transport.send(
      completeMultipartRequest(key, uploadId, parts, mode, this.#settings.requests),
      o,
    );
    const eTag = parseResultETag(
      await this.#transport.successText(res, o),
      "CompleteMultipartUploadResult",
      "put",
    );
    const version = res.headers["x-amz-version-id"];
    // Ceph RGW answers with an empty <ETag>: ask for it.
    const finalETag = eTag ?? (await this.head(path, signal ? { signal } : {})).eTag;
    return { ...(finalETag ? { eTag: finalETag } : {}), ...(version ? { version } : {}) };
  }

  /**
   * Reads an object (or a range of it) as a stream. A body that breaks mid-way is resumed from
   * where it stopped, pinned to the same ETag.
   *
   * @example
   * ```ts
   * const result = await store.get("data.csv", { range: { start: 0, end: 1024 } });
   * console.log(result.meta.size, await result.text());
   * ```
   */
  async get(path: string, opts: GetOptions = {}): Promise<GetResult> {
    const key = this.#keys.toKey(path);
    const res = await this.#transport.send(
      getObjectRequest(key, opts, this.#settings.requests, path),
      {
        operation: opts.head ? "head" : "get",
        path,
        signal: opts.signal,
      },
    );
    const meta = metaFromHeaders(path, res.headers, "get");
    const range = rangeOf(res.headers["content-range"], meta.size);
    if (
      opts.range &&
      res.status !== 206 &&
      !(range.start === 0 && range.end === meta.size && coversAll(opts.range, meta.size))
    ) {
      await res.discard();
      throw new ObjectStoreError(
        `get ${JSON.stringify(path)}: the server ignored the Range header (status ${res.status})`,
        {
          operation: "get",
          path,
          status: res.status,
        },
      );
    }
    // A server (or a proxy) that answers another range than asked would hand back wrong bytes.
    if (opts.range && res.status === 206 && !answersRange(opts.range, range, meta.size)) {
      await res.discard();
      throw new ObjectStoreError(
        `get ${JSON.stringify(path)}: the server answered bytes ${range.start}-${range.end - 1}/${meta.size} (Content-Range ${JSON.stringify(res.headers["content-range"] ?? "")}), not the range asked for`,
        { operation: "get", path, status: res.status },
      );
    }
    if (opts.head) await res.discard();
    return new GetResult(
      meta,
      range,
      attributesFromHeaders(res.headers),
      opts.head ? undefined : res,
    );
  }

  /**
   * The bytes `[start, end)` of an object; shorter when the object ends first.
   *
   * @example
   * ```ts
   * const header = await store.getRange("file.parquet", { start: 0, end: 8 });
   * ```
   */
  async getRange(
    path: string,
    range: { start: number; end: number },
    opts: { signal?: AbortSignal } = {},
  ): Promise<Uint8Array> {
    return (await this.get(path, { range, ...opts })).bytes();
  }

  /**
   * Several ranges of one object. Ranges less than 1 MiB apart are fetched in one request, up to
   * 10 requests run at once, and the results come back in the order asked.
   *
   * @example
   * ```ts
   * const [footer, page] = await store.getRanges("file.parquet", [{ start: 1000, end: 1008 }, { start: 4, end: 100 }]);
   * ```
   */
  async getRanges(
    path: string,
    ranges: Range[],
    opts: { signal?: AbortSignal } = {},
  ): Promise<Uint8Array[]> {
    // Refuse every bad range before any request goes out; empty ranges are fine (and empty).
    for (const r of ranges) if (r.end !== r.start || !(r.start >= 0)) rangeHeader(r, path);
    const fetches = coalesceRanges(ranges);
    const data: Uint8Array[] = new Array(fetches.length);
    let next = 0;
    const worker = async () => {
      while (next < fetches.length) {
        const i = next++;
        data[i] = await this.getRange(path, fetches[i] as Range, opts);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(MAX_COALESCED_FETCHES, fetches.length) }, worker),
    );
    return sliceRanges(ranges, fetches, data);
  }

  /**
   * An object's metadata, without its body.
   *
   * @example
   * ```ts
   * const { size, lastModified, eTag } = await store.head("a.txt");
   * ```
   */
  async head(path: string, opts: { signal?: AbortSignal } = {}): Promise<ObjectMeta> {
    return (await this.get(path, { ...opts, head: true })).meta;
  }

  /**
   * Lists every object under a prefix (segment-wise: `"a"` lists `a/…`, not `ab`), lazily, page
   * by page.
   *
   * @example
   * ```ts
   * const all = await store.list("logs", { chunkSize: 500 }).collect();
   * ```
   */
  list(prefix?: string, opts: ListOptions = {}): ListStream {
    const listPrefix = this.#keys.toListPrefix(prefix);
    const startAfter = opts.offset ? this.#keys.toKey(opts.offset) : undefined;
    return new ListStream(() => this.#pageReader(listPrefix, false, startAfter, opts));
  }

  /**
   * Lists the objects directly under a prefix and the "directories" (common prefixes) below it.
   *
   * @example
   * ```ts
   * const { commonPrefixes, objects } = await store.listWithDelimiter("logs");
   * ```
   */
  async listWithDelimiter(
    prefix?: string,
    opts: { signal?: AbortSignal } = {},
  ): Promise<{ commonPrefixes: string[]; objects: ObjectMeta[] }> {
    const listPrefix = this.#keys.toListPrefix(prefix);
    const objects: ObjectMeta[] = [];
    const prefixes = new Set<string>();
    const reader = this.#pageReader(listPrefix, true, undefined, opts);
    try {
      let token: string | undefined;
      do {
        const page = await reader.page(token);
        objects.push(...page.objects);
        for (const p of page.commonPrefixes) {
          prefixes.add(this.#keys.toPath(p.replace(/\/$/, "")));
        }
        token = page.next;
      } while (token);
    } finally {
      reader.close();
    }
    // S3 orders keys by their UTF-8 bytes; a plain sort() compares UTF-16 units and would put
    // "😀" before "～", unlike the objects listed next to them.
    return {
      commonPrefixes: [...prefixes].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
      objects,
    };
  }

  /** Page by page, one request ahead; `token` undefined starts at the first page. */
  #pageReader(
    prefix: string,
    delimiter: boolean,
    startAfter: string | undefined,
    opts: ListOptions,
  ): PageReader<HttpResponse> {
    const keys = this.#keys;
    return new PageReader(
      {
        send: (token, signal) =>
          this.#transport.send(
            listRequest(
              {
                prefix,
                delimiter,
                ...(startAfter && !token ? { startAfter } : {}),
                ...(opts.chunkSize ? { maxKeys: opts.chunkSize } : {}),
                ...(token ? { continuationToken: token } : {}),
              },
              this.#settings.requests,
            ),
            { operation: "list", path: prefix, signal },
          ),
        read: async (response) => splitListText(await this.#transport.xmlBytes(response, "list")),
        // Without a store prefix a key is its path: no pass over the page's objects for it.
        parse: (text) => parseListPage(text, keys.prefix ? (key) => keys.toPath(key) : undefined),
      },
      opts.signal,
    );
  }

  /**
   * Deletes one path or many (batches of 1,000, several batches at once). Deleting a missing
   * path is not an error; keys that fail are reported together in one error.
   *
   * @example
   * ```ts
   * await store.delete(["a.txt", "b.txt"]);
   * await store.delete((async function* () { for await (const m of store.list("tmp")) yield m.path; })());
   * ```
   */
  async delete(
    paths: string | Iterable<string> | AsyncIterable<string>,
    opts: { signal?: AbortSignal } = {},
  ): Promise<void> {
    const { deletePaths } = await import("./delete.js");
    await deletePaths(this.#transport, this.#settings, this.#keys, paths, opts.signal);
  }

  /**
   * Copies an object within the bucket. With `overwrite: false` the copy fails with
   * {@link AlreadyExistsError} if `to` exists; that needs `copy_if_not_exists` configured.
   *
   * @example
   * ```ts
   * await store.copy("a.txt", "backup/a.txt");
   * ```
   */
  async copy(
    from: string,
    to: string,
    opts: { overwrite?: boolean; signal?: AbortSignal } = {},
  ): Promise<void> {
    const { copyObject } = await import("./copy.js");
    await copyObject(this.#transport, this.#settings, this.#keys, from, to, opts, (p, o) =>
      this.head(p, o),
    );
  }

  /**
   * Moves an object: a copy, then a delete of the source. Not atomic.
   *
   * @example
   * ```ts
   * await store.rename("upload.tmp", "final.bin", { overwrite: false });
   * ```
   */
  async rename(
    from: string,
    to: string,
    opts: { overwrite?: boolean; signal?: AbortSignal } = {},
  ): Promise<void> {
    await this.copy(from, to, opts);
    await this.delete(from, opts.signal ? { signal: opts.signal } : {});
  }

  /**
   * A presigned URL that lets anyone holding it do one request on one path until it expires
   * (1 second to 7 days).
   *
   * @example
   * ```ts
   * const url = await store.signUrl("GET", "report.pdf", 3600);
   * await fetch(url);
   * ```
   */
  async signUrl(
    method: "GET" | "PUT" | "HEAD" | "DELETE",
    path: string,
    expiresInSeconds: number,
  ): Promise<string> {
    const url = this.#settings.addressing.url(this.#keys.toKey(path));
    const signer = this.#transport.signer;
    if (!signer) return url.toString();
    const headers: Record<string, string> = this.#settings.requests.requestPayer
      ? { "x-amz-request-payer": "requester" }
      : {};
    return signer.presign({ method, url, headers }, expiresInSeconds);
  }

  /** Closes pooled connections. The store must not be used afterwards. */
  close(): Promise<void> {
    return this.#transport.close();
  }

  #checkMode(mode: PutMode | undefined, path: string): void {
    if (mode === undefined || mode === "overwrite") return;
    if (!this.#settings.conditionalPut) {
      throw new NotSupportedError(
        `put ${JSON.stringify(path)}: conditional puts are disabled by conditional_put=disabled; remove it to use mode "create" or { eTag }`,
        { path },
      );
    }
    if (typeof mode === "object" && !mode.eTag) {
      throw new NotSupportedError(
        `put ${JSON.stringify(path)}: an update-mode put needs the eTag of the version it replaces`,
        { path },
      );
    }
  }

  #describe() {
    return {
      bucket: this.#settings.bucket,
      prefix: this.#keys.prefix,
      region: this.#settings.region,
      endpoint: this.#settings.addressing.origin,
      config: redactConfig(this.#settings.config),
    };
  }

  /** A JSON view of the store, secrets redacted. */
  toJSON(): object {
    return this.#describe();
  }

  /** `S3Store(s3://bucket/prefix)`. */
  toString(): string {
    return `S3Store(s3://${this.#settings.bucket}${this.#keys.prefix ? `/${this.#keys.prefix}` : ""})`;
  }

  /** What `util.inspect` prints: bucket and prefix, never a credential. */
  [inspectCustom](): string {
    return `S3Store ${JSON.stringify(this.#describe(), null, 2)}`;
  }
}

function modeDetail(mode: PutMode | undefined): { detail?: string } {
  if (mode === "create") return { detail: "with If-None-Match *" };
  if (typeof mode === "object" && mode.eTag) return { detail: `with If-Match ${mode.eTag}` };
  return {};
}

function mapPutError(f: FailedResponse, mode: PutMode | undefined) {
  if (mode === "create" && (f.status === 412 || f.status === 304 || f.status === 409)) {
    return errorFromResponse(f, [AlreadyExistsError, "the path already exists"]);
  }
  // S3 answers 404 to If-Match on a missing object: the version asked for is not there.
  if (typeof mode === "object" && f.status === 404) {
    return errorFromResponse(f, [PreconditionError, "the object does not exist any more"]);
  }
  return undefined;
}

function putResult(headers: Record<string, string>): PutResult {
  const out: PutResult = {};
  if (headers.etag) out.eTag = headers.etag;
  if (headers["x-amz-version-id"]) out.version = headers["x-amz-version-id"];
  return out;
}

function rangeOf(contentRange: string | undefined, size: number): ByteRange {
  const m = contentRange ? /bytes (\d+)-(\d+)\//.exec(contentRange) : null;
  return m ? { start: Number(m[1]), end: Number(m[2]) + 1 } : { start: 0, end: size };
}

function answersRange(asked: GetRange, got: ByteRange, size: number): boolean {
  if ("suffix" in asked) return got.start === Math.max(0, size - asked.suffix) && got.end === size;
  if ("offset" in asked) return got.start === asked.offset && got.end === size;
  return got.start === asked.start && got.end === Math.min(asked.end, size);
}

function coversAll(range: GetRange, size: number): boolean {
  if ("suffix" in range) return range.suffix >= size;
  if ("offset" in range) return range.offset === 0;
  return range.start === 0 && range.end >= size;
}
