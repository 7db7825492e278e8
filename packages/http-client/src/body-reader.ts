import type { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Attempt } from "./attempt.js";

/** One response body being read: where the bytes come from and the attempt that owns them. */
export interface BodySegment {
  body: Readable;
  attempt: Attempt;
  /** Leading bytes to drop (a resume answered with a range that starts earlier). */
  skip: number;
}

/**
 * Called when a body breaks after `received` bytes: returns the segment that continues it, or
 * throws the typed error the reader gets.
 */
export type OnBodyBreak = (
  err: unknown,
  attempt: Attempt,
  received: number,
) => Promise<BodySegment>;

/**
 * Iterates a response body, handing breaks to `onBreak` (which may resume the download) and
 * releasing the attempt when the body ends, fails or is dropped. A hand-written iterator rather
 * than a generator: `return()` before the first `next()` must still release the connection.
 */
export class BodyReader implements AsyncIterableIterator<Uint8Array> {
  private iterator: AsyncIterator<Uint8Array> | undefined;
  private received = 0;
  private done = false;

  constructor(
    private segment: BodySegment,
    private readonly onBreak: OnBodyBreak,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    while (!this.done) {
      let result: IteratorResult<Uint8Array>;
      try {
        this.iterator ??= this.segment.body[Symbol.asyncIterator]();
        result = await this.iterator.next();
      } catch (err) {
        await this.resume(err);
        continue;
      }
      if (result.done) {
        this.release();
        await nextTurn();
        break;
      }
      let chunk = result.value;
      if (this.segment.skip > 0) {
        const drop = Math.min(this.segment.skip, chunk.length);
        this.segment.skip -= drop;
        chunk = chunk.subarray(drop);
        if (chunk.length === 0) continue;
      }
      this.received += chunk.length;
      return { done: false, value: chunk };
    }
    return { done: true, value: undefined };
  }

  /**
   * Reads everything left into `parts`. Faster than `next()` for small bodies: 'data' events
   * avoid the per-chunk promises of the stream's async iterator.
   */
  async readAll(): Promise<Uint8Array[]> {
    const parts: Uint8Array[] = [];
    while (!this.done) {
      try {
        await new Promise<void>((resolve, reject) => {
          this.segment.body
            .on("data", (chunk: Uint8Array) => {
              if (this.segment.skip > 0) {
                const drop = Math.min(this.segment.skip, chunk.length);
                this.segment.skip -= drop;
                chunk = chunk.subarray(drop);
              }
              this.received += chunk.length;
              parts.push(chunk);
            })
            .once("end", resolve)
            .once("error", reject);
        });
        this.release();
        // undici marks the connection idle only after the body's 'end'; a request sent in the
        // same turn would open a second connection instead of reusing this one.
        await nextTurn();
      } catch (err) {
        await this.resume(err);
      }
    }
    return parts;
  }

  /**
   * Drops the rest of the body. A short remainder is drained (undici's `dump`, up to 128 KiB)
   * so the connection can serve the next request; a longer one closes the connection.
   */
  async discard(): Promise<void> {
    if (this.done) return;
    const body = this.segment.body as Readable & { dump?: () => Promise<void> };
    if (this.iterator === undefined && body.dump) {
      this.done = true;
      await body.dump().catch(() => {});
      this.segment.attempt.finish();
      // As after a full read: let undici mark the connection idle before the next request.
      await nextTurn();
      return;
    }
    this.release();
  }

  async return(): Promise<IteratorResult<Uint8Array>> {
    this.release();
    return { done: true, value: undefined };
  }

  /** Continues from a broken body with a resumed request, or ends the reader with its error. */
  private async resume(err: unknown): Promise<void> {
    this.segment.attempt.finish();
    try {
      this.segment = await this.onBreak(err, this.segment.attempt, this.received);
    } catch (error) {
      this.done = true;
      throw error;
    }
    this.iterator = undefined;
  }

  private release(): void {
    if (this.done) return;
    this.done = true;
    const body = this.segment.body;
    if (!body.readableEnded) {
      // undici reports a body destroyed before its end as an 'error'; nobody is listening now.
      body.on("error", () => {});
      body.destroy();
    }
    this.segment.attempt.finish();
  }
}
