import { bytesOf, type PutBody } from "./body.js";
import { InvalidPathError } from "./errors.js";
import type { CompletedPart } from "./requests.js";

/** The calls a {@link MultipartUpload} makes; bound by the store to one upload. */
export interface MultipartCalls {
  putPart(partNumber: number, body: Uint8Array, signal?: AbortSignal): Promise<CompletedPart>;
  complete(parts: CompletedPart[], signal?: AbortSignal): Promise<PutResult>;
  abort(signal?: AbortSignal): Promise<void>;
}

/** What a successful put returns. */
export interface PutResult {
  eTag?: string;
  version?: string;
}

/**
 * A multipart upload managed by the caller: upload parts (any order, concurrently), then
 * `complete()` or `abort()`. Parts must be at least 5 MiB except the last, and every part but the
 * last should have the same size (Cloudflare R2 requires it).
 *
 * @example
 * ```ts
 * const upload = await store.createMultipartUpload("big.bin");
 * try {
 *   await Promise.all([upload.putPart(1, partOne), upload.putPart(2, partTwo)]);
 *   await upload.complete();
 * } catch (err) {
 *   await upload.abort();
 *   throw err;
 * }
 * ```
 */
export class MultipartUpload {
  private readonly parts = new Map<number, CompletedPart>();

  /** @internal Built by {@link S3Store.createMultipartUpload}. */
  constructor(
    /** The path being uploaded. */
    readonly path: string,
    /** S3's id of this upload. */
    readonly uploadId: string,
    private readonly calls: MultipartCalls,
  ) {}

  /** Uploads part `partNumber` (1 to 10,000). Uploading a number again replaces that part. */
  async putPart(
    partNumber: number,
    body: PutBody,
    opts: { signal?: AbortSignal } = {},
  ): Promise<CompletedPart> {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
      throw new InvalidPathError(
        `putPart ${JSON.stringify(this.path)}: part number ${partNumber} is not between 1 and 10000`,
        {
          path: this.path,
        },
      );
    }
    const bytes =
      bytesOf(body) ??
      (body instanceof Blob ? new Uint8Array(await body.arrayBuffer()) : undefined);
    if (!bytes) {
      throw new InvalidPathError(
        `putPart ${JSON.stringify(this.path)}: a part must be bytes, a string or a Blob`,
        { path: this.path },
      );
    }
    const part = await this.calls.putPart(partNumber, bytes, opts.signal);
    this.parts.set(partNumber, part);
    return part;
  }

  /** Completes the upload from the parts uploaded so far (or the parts given), in part order. */
  complete(parts?: CompletedPart[], opts: { signal?: AbortSignal } = {}): Promise<PutResult> {
    const list = (parts ?? [...this.parts.values()])
      .slice()
      .sort((a, b) => a.partNumber - b.partNumber);
    return this.calls.complete(list, opts.signal);
  }

  /** Aborts the upload; S3 frees the parts. */
  abort(opts: { signal?: AbortSignal } = {}): Promise<void> {
    return this.calls.abort(opts.signal);
  }
}
