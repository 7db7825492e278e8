import { type ListText, peekNextToken } from "./list-xml.js";
import type { ObjectMeta } from "./responses.js";

/** One ListObjectsV2 page as the store hands it on. */
export interface ListedPage {
  objects: ObjectMeta[];
  commonPrefixes: string[];
  /** The continuation token of the next page; absent on the last. */
  next?: string;
}

/** A response whose body can be dropped unread (the store's HttpResponse). */
export interface Discardable {
  discard(): Promise<void>;
}

/** How a {@link PageReader} talks to S3: send a page request, read its body, parse it. */
export interface PageSource<R extends Discardable> {
  send(token: string | undefined, signal: AbortSignal | undefined): Promise<R>;
  read(response: R): Promise<ListText>;
  parse(text: ListText): ListedPage;
}

interface Ahead<R> {
  token: string;
  controller: AbortController;
  response: Promise<R>;
}

/**
 * Reads a listing page by page with one request ahead: as soon as a page's body has arrived,
 * the request for the next page goes out (its token is found before the page is parsed), so
 * the server prepares page n+1 while page n is parsed and used. Listing a large prefix costs
 * about one round trip per page less; a listing abandoned early costs at most one request more,
 * which {@link PageReader.close} cancels.
 */
export class PageReader<R extends Discardable> {
  readonly #source: PageSource<R>;
  readonly #signal: AbortSignal | undefined;
  #ahead: Ahead<R> | undefined;

  constructor(source: PageSource<R>, signal: AbortSignal | undefined) {
    this.#source = source;
    this.#signal = signal;
  }

  /** The page that `token` (undefined: the first) starts. */
  async page(token: string | undefined): Promise<ListedPage> {
    const ahead = this.#ahead;
    this.#ahead = undefined;
    let response: Promise<R>;
    if (ahead && ahead.token === token) response = ahead.response;
    else {
      if (ahead) drop(ahead);
      response = this.#source.send(token, this.#signal);
    }
    const text = await this.#source.read(await response);
    const guess = peekNextToken(text);
    if (guess !== undefined && !this.#signal?.aborted) {
      this.#ahead = this.#start(guess);
      // Sending runs on as microtasks (signing, undici's dispatch), and undici writes a request
      // to an idle keep-alive socket only from a setImmediate it schedules there (after checking
      // the socket is still open). Two turns of the event loop let that write happen before the
      // page below is parsed; without them the request would leave only after the parse.
      await nextTurn();
      await nextTurn();
    }
    let page: ListedPage;
    try {
      page = this.#source.parse(text);
    } catch (error) {
      this.close();
      throw error;
    }
    // The parsed page is the authority: a token found by the quick search that it does not
    // confirm (a last page, or a document that fooled the search) is dropped.
    if (this.#ahead && page.next !== guess) this.close();
    return page;
  }

  /** Cancels a request sent ahead that nobody will read. */
  close(): void {
    const ahead = this.#ahead;
    this.#ahead = undefined;
    if (ahead) drop(ahead);
  }

  #start(token: string): Ahead<R> {
    const controller = new AbortController();
    const signal = this.#signal
      ? AbortSignal.any([this.#signal, controller.signal])
      : controller.signal;
    const response = this.#source.send(token, signal);
    // Nobody may await it (a listing abandoned early): its failure must not go unhandled.
    response.catch(() => {});
    return { token, controller, response };
  }
}

function drop<R extends Discardable>(ahead: Ahead<R>): void {
  ahead.controller.abort();
  ahead.response.then(
    (r) => r.discard().catch(() => {}),
    () => {},
  );
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
