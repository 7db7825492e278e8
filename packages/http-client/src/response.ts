import type { BodyReader } from "./body-reader.js";

/** The body of an {@link HttpResponse}: a web stream that is also async-iterable. */
export type ResponseBody = ReadableStream<Uint8Array> & AsyncIterable<Uint8Array>;

/**
 * A response. Non-2xx statuses are returned, not thrown: the caller maps them. The body is
 * streamed and can be consumed once, through `body`, `for await` over the response, `text()`,
 * `bytes()` or `discard()`; nothing is buffered unless `text()`/`bytes()` is called.
 *
 * @example
 * ```ts
 * const res = await client.request({ method: "GET", url });
 * if (res.status !== 200) throw new Error(`${res.status}: ${await res.text()}`);
 * for await (const chunk of res.body) process(chunk);
 * ```
 */
export class HttpResponse implements AsyncIterable<Uint8Array> {
  /** The HTTP status code. */
  readonly status: number;
  /** Response headers, names in lower case; repeated headers are joined with ", ". */
  readonly headers: Record<string, string>;
  #chunks: BodyReader | undefined;
  #stream: ResponseBody | undefined;

  /** @internal Built by {@link HttpClient}. */
  constructor(status: number, headers: Record<string, string>, chunks: BodyReader) {
    this.status = status;
    this.headers = headers;
    this.#chunks = chunks;
  }

  #take(): BodyReader {
    const chunks = this.#chunks;
    if (!chunks) throw new TypeError("the response body was already consumed: it can be read once");
    this.#chunks = undefined;
    return chunks;
  }

  /** The body as a web `ReadableStream`, also usable with `for await`. Read it once. */
  get body(): ResponseBody {
    if (this.#stream) return this.#stream;
    const iterator = this.#take();
    this.#stream = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
        async cancel() {
          await iterator.return?.();
        },
      },
      { highWaterMark: 0 },
    ) as ResponseBody;
    return this.#stream;
  }

  /**
   * The body chunk by chunk, straight from the connection: a `for await` over the response skips
   * the web stream of {@link HttpResponse.body}, and its promise per chunk. Read it once.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return this.#take();
  }

  /** Reads the whole body into one buffer. */
  async bytes(): Promise<Uint8Array> {
    const parts = await this.#take().readAll();
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Reads the whole body as UTF-8 text. */
  async text(): Promise<string> {
    const bytes = await this.bytes();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  }

  /** Drops the body without reading it, releasing the connection. */
  async discard(): Promise<void> {
    await this.#take().discard();
  }
}
