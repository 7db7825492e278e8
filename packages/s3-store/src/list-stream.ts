import type { ObjectMeta } from "./responses.js";

/** A listing's pages in order; `close` ends it early. */
export interface PageFetcher {
  /** The page `token` starts (undefined: the first) and the token of the next, if any. */
  page(token: string | undefined): Promise<{ objects: ObjectMeta[]; next?: string }>;
  close(): void;
}

/**
 * A lazy listing: pages are fetched as you read (each one's request goes out while the one
 * before is being read, so a long listing does not wait a round trip per page). Iterate it for
 * objects, `pages()` for whole pages, or `collect()` for everything; each iteration lists anew.
 *
 * @example
 * ```ts
 * for await (const meta of store.list("logs/2026")) console.log(meta.path, meta.size);
 * ```
 */
export class ListStream implements AsyncIterable<ObjectMeta> {
  /** @internal Built by {@link S3Store.list}. */
  constructor(private readonly open: () => PageFetcher) {}

  /** The listing page by page. */
  async *pages(): AsyncGenerator<ObjectMeta[]> {
    const fetcher = this.open();
    try {
      let token: string | undefined;
      do {
        const page = await fetcher.page(token);
        token = page.next;
        if (page.objects.length > 0 || token === undefined) yield page.objects;
      } while (token !== undefined);
    } finally {
      fetcher.close();
    }
  }

  /** Every object, in key order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<ObjectMeta> {
    for await (const page of this.pages()) yield* page;
  }

  /** Every object of the listing, in key order. */
  async collect(): Promise<ObjectMeta[]> {
    const all: ObjectMeta[] = [];
    for await (const page of this.pages()) all.push(...page);
    return all;
  }
}
