import { createHash } from "node:crypto";
import { InvalidPathError } from "./errors.js";
import { rememberSha256 } from "./payload-hash.js";

/** What `put` and `putPart` accept as a body. */
export type PutBody =
  | Uint8Array
  | ArrayBuffer
  | string
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | NodeJS.ReadableStream;

/** The bytes of a body that is already in memory, or undefined for streams and blobs. */
export function bytesOf(body: PutBody): Uint8Array | undefined {
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return undefined;
}

function toBytes(chunk: unknown, path: string): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new InvalidPathError(
    `put ${JSON.stringify(path)}: the body yielded a ${typeof chunk}, not bytes`,
    { path },
  );
}

/**
 * The chunks of any body, straight from the body's own iterator: a streamed upload reads tens of
 * thousands of chunks, and a generator wrapped around the source cost a promise and a result
 * object more per chunk. {@link ChunkReader} checks each chunk is bytes.
 */
export function chunksOf(body: PutBody, path: string): AsyncIterator<unknown> | Iterator<unknown> {
  const direct = bytesOf(body);
  if (direct) return [direct][Symbol.iterator]();
  const source: unknown = body instanceof Blob ? body.stream() : body;
  if (source && typeof source === "object" && Symbol.asyncIterator in source) {
    return (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  }
  throw new InvalidPathError(
    `put ${JSON.stringify(path)}: unsupported body type; pass bytes, a string, a Blob, a stream or an async iterable`,
    { path },
  );
}

/**
 * Cuts a byte stream into chunks of exactly `size` bytes (the last may be shorter), so every
 * multipart part but the last has the same size: R2 refuses uneven parts.
 */
export class ChunkReader {
  private readonly source: AsyncIterator<unknown> | Iterator<unknown>;
  private pending: Uint8Array | undefined;
  private done = false;
  private readonly spare: Uint8Array[] = [];

  /**
   * `source`: see {@link chunksOf}. `sha256`: note each chunk's SHA-256 as it is filled (for signed
   * payloads), see payload-hash.ts. `path`: named when the source yields something not bytes.
   */
  constructor(
    source: AsyncIterator<unknown> | Iterator<unknown>,
    private readonly size: number,
    private readonly sha256 = false,
    private readonly path = "",
  ) {
    this.source = source;
  }

  /** The next chunk, or undefined at the end. */
  async next(): Promise<Uint8Array | undefined> {
    if (this.done && !this.pending) return undefined;
    const out = this.spare.pop() ?? new Uint8Array(this.size);
    const hash = this.sha256 ? createHash("sha256") : undefined;
    let filled = 0;
    while (filled < this.size) {
      let piece = this.pending;
      this.pending = undefined;
      if (!piece) {
        if (this.done) break;
        const r = await this.source.next();
        if (r.done) {
          this.done = true;
          break;
        }
        piece = toBytes(r.value, this.path);
      }
      const take = Math.min(piece.length, this.size - filled);
      const used = take < piece.length ? piece.subarray(0, take) : piece;
      out.set(used, filled);
      hash?.update(used);
      filled += take;
      if (take < piece.length) this.pending = piece.subarray(take);
    }
    if (filled === 0 && this.done) return undefined;
    const chunk = filled === this.size ? out : out.subarray(0, filled);
    if (hash) rememberSha256(chunk, hash.digest("hex"));
    return chunk;
  }

  /**
   * Takes back a chunk this reader returned, once nothing reads it any more: the next chunk is
   * cut into it. A streamed upload then cycles through `maxConcurrency` buffers instead of
   * allocating one per part and leaving the garbage collector to return them (which let a 1 GiB
   * upload peak at ~100 MiB above its parts).
   */
  recycle(chunk: Uint8Array): void {
    if (chunk.byteLength === this.size && chunk.buffer.byteLength === this.size) {
      this.spare.push(chunk);
    }
  }

  /** Stops the source (e.g. after a failure), releasing a file or socket behind it. */
  async close(): Promise<void> {
    this.done = true;
    this.pending = undefined;
    await this.source.return?.();
  }
}
