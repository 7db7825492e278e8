import type { ObjectMeta } from "./responses.js";

/** Fetches one page; `token` is the continuation token of the previous page. */
export type PageFetcher = (
  token: string | undefined,
) => Promise<{ objects: ObjectMeta[]; next?: string }>;

/**
 * A lazy listing: a page is fetched only when asked for. Iterate it for objects, `pages()` for
 * whole pages, or `collect()` for everything.
 *
 * @example
 * ```ts
 * for await (const meta of store.list("logs/2026")) console.log(meta.path, meta.size);
 * ```
 */
export class ListStream implements AsyncIterable<ObjectMeta> {
  /** @internal Built by {@link S3Store.list}. */
  constructor(private readonly fetchPage: PageFetcher) {}

  /** The listing page by page. */
  async *pages(): AsyncGenerator<ObjectMeta[]> {
    let token: string | undefined;
    do {
      const page = await this.fetchPage(token);
      token = page.next;
      if (page.objects.length > 0 || token === undefined) yield page.objects;
    } while (token !== undefined);
  }

  /** Every object, fetching the next page only when the current one is used up. */
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
