/** One body value: bytes, text, a web or Node stream, or any async iterable of bytes. */
export type BodySource =
  | Uint8Array
  | string
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | NodeJS.ReadableStream;

/**
 * A request body. Bytes and strings are replayed as they are on retry; a function is a
 * reopenable source, called once per attempt, so a stream body can be retried too. A stream or
 * iterable given directly is read once: the request is retried only if it failed before the
 * first chunk was read.
 */
export type RequestBody = BodySource | (() => BodySource);

/** What undici is handed for one attempt. */
export type AttemptBody = Uint8Array | string | AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

/** Tracks a body across attempts: whether it can be sent again, and what to send. */
export interface PreparedBody {
  /** True when another attempt can send the whole body again. */
  canReplay(): boolean;
  /** The body for the next attempt. */
  forAttempt(): AttemptBody | undefined;
  /** Releases a one-shot source after the request failed for good. */
  dispose(): void;
}

const NONE: PreparedBody = {
  canReplay: () => true,
  forAttempt: () => undefined,
  dispose: () => {},
};

function toBytes(chunk: unknown): Uint8Array {
  return typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Uint8Array);
}

/**
 * A stream read by at most one attempt: each attempt gets a view that pulls from the one
 * underlying iterator and notes when the first chunk was asked for.
 */
class OneShotBody implements PreparedBody {
  private started = false;
  private iterator: AsyncIterator<unknown> | undefined;

  constructor(private readonly source: AsyncIterable<unknown>) {}

  canReplay(): boolean {
    return !this.started;
  }

  forAttempt(): AsyncIterable<Uint8Array> {
    const next = async (): Promise<IteratorResult<Uint8Array>> => {
      this.started = true;
      this.iterator ??= this.source[Symbol.asyncIterator]();
      const result = await this.iterator.next();
      return result.done
        ? { done: true, value: undefined }
        : { done: false, value: toBytes(result.value) };
    };
    // A failed attempt ends its view without closing the source: the next attempt may read it.
    return {
      [Symbol.asyncIterator]: () => ({
        next,
        return: async () => ({ done: true, value: undefined }),
      }),
    };
  }

  dispose(): void {
    this.iterator?.return?.().catch(() => {});
  }
}

/** Wraps the caller's body so the retry loop knows what it may replay. */
export function prepareBody(body: RequestBody | undefined): PreparedBody {
  if (body === undefined) return NONE;
  if (typeof body === "string" || body instanceof Uint8Array) {
    return { canReplay: () => true, forAttempt: () => body, dispose: () => {} };
  }
  if (typeof body === "function") {
    return { canReplay: () => true, forAttempt: () => attemptBodyOf(body()), dispose: () => {} };
  }
  return new OneShotBody(body as AsyncIterable<unknown>);
}

function attemptBodyOf(source: BodySource): AttemptBody {
  if (typeof source === "string" || source instanceof Uint8Array) return source;
  // Node 20's web ReadableStream is async-iterable; undici reads iterables and Node streams alike.
  return source as AsyncIterable<Uint8Array>;
}
