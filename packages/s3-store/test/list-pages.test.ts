import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Discardable, PageReader, type PageSource } from "../src/list-pages.js";
import { parseListPage } from "../src/responses.js";

// A bucket of pages in memory behind the PageSource interface: what is asserted is the order
// of requests, reads and parses, and what happens to a request sent ahead.

interface FakeResponse extends Discardable {
  token: string | undefined;
  discarded: boolean;
}

interface Sent {
  token: string | undefined;
  signal: AbortSignal | undefined;
  response: Promise<FakeResponse>;
  /** Answers the request with its page. */
  answer: () => void;
  fail: (error: Error) => void;
}

const pageXml = (keys: string[], next?: string, truncated = next !== undefined) =>
  `<ListBucketResult><IsTruncated>${truncated}</IsTruncated>${keys
    .map((k) => `<Contents><Key>${k}</Key><Size>1</Size></Contents>`)
    .join(
      "",
    )}${next ? `<NextContinuationToken>${next}</NextContinuationToken>` : ""}</ListBucketResult>`;

/** Pages by token; requests are answered at once unless `manual`. */
function fakeBucket(pages: Record<string, string>, manual = false) {
  const sent: Sent[] = [];
  const log: string[] = [];
  const source: PageSource<FakeResponse> = {
    send(token, signal) {
      log.push(`send ${token ?? "first"}`);
      let resolve!: (r: FakeResponse) => void;
      let fail!: (e: Error) => void;
      const response = new Promise<FakeResponse>((yes, no) => {
        resolve = yes;
        fail = no;
      });
      const answer = () => {
        const r: FakeResponse = {
          token,
          discarded: false,
          discard: async () => {
            r.discarded = true;
          },
        };
        resolve(r);
      };
      sent.push({ token, signal, response, answer, fail });
      // Like undici, whose dispatch runs on as microtasks and writes the request to an idle
      // socket from a setImmediate scheduled there.
      queueMicrotask(() => setImmediate(() => log.push(`wire ${token ?? "first"}`)));
      signal?.addEventListener("abort", () => fail(new Error("aborted")));
      if (!manual) answer();
      return response;
    },
    async read(response) {
      log.push(`read ${response.token ?? "first"}`);
      return pages[response.token ?? "first"] as string;
    },
    parse(text) {
      const page = parseListPage(text);
      log.push(`parse ${page.objects.map((o) => o.path).join(",")}`);
      return page;
    },
  };
  return { source, sent, log };
}

async function readAll(reader: PageReader<FakeResponse>): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await reader.page(token);
    keys.push(...page.objects.map((o) => o.path));
    token = page.next;
  } while (token);
  return keys;
}

describe("PageReader", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on("unhandledRejection", onUnhandled);
  });
  afterEach(() => {
    process.off("unhandledRejection", onUnhandled);
  });

  it("puts the next page's request on the wire before parsing the page that names it", async () => {
    const { source, log, sent } = fakeBucket({
      first: pageXml(["a", "b"], "t2"),
      t2: pageXml(["c"], "t3"),
      t3: pageXml(["d"]),
    });
    const keys = await readAll(new PageReader(source, undefined));
    expect(keys).toEqual(["a", "b", "c", "d"]);
    // Each next request is on the wire before the page that names it is parsed.
    expect(log).toEqual([
      "send first",
      "read first",
      "send t2",
      "wire first",
      "wire t2",
      "parse a,b",
      "read t2",
      "send t3",
      "wire t3",
      "parse c",
      "read t3",
      "parse d",
    ]);
    // One request per page, none wasted.
    expect(sent.map((s) => s.token)).toEqual([undefined, "t2", "t3"]);
  });

  it("drops a request sent for a token the parsed page does not confirm", async () => {
    // A last page that still carries a token: IsTruncated decides.
    const { source, sent } = fakeBucket({ first: pageXml(["a"], "stale", false) });
    const reader = new PageReader(source, undefined);
    const page = await reader.page(undefined);
    expect(page.next).toBeUndefined();
    expect(sent.map((s) => s.token)).toEqual([undefined, "stale"]);
    expect(sent[1]?.signal?.aborted).toBe(true);
    const ahead = await sent[1]?.response;
    await new Promise((r) => setImmediate(r));
    expect(ahead?.discarded).toBe(true);
  });

  it("sends a fresh request when asked for another token than the one sent ahead", async () => {
    const { source, sent } = fakeBucket({ first: pageXml(["a"], "t2"), other: pageXml(["z"]) });
    const reader = new PageReader(source, undefined);
    await reader.page(undefined);
    const page = await reader.page("other");
    expect(page.objects.map((o) => o.path)).toEqual(["z"]);
    expect(sent.map((s) => s.token)).toEqual([undefined, "t2", "other"]);
    expect(sent[1]?.signal?.aborted).toBe(true);
  });

  it("close() cancels the request sent ahead and discards its response", async () => {
    const { source, sent } = fakeBucket({ first: pageXml(["a"], "t2"), t2: pageXml(["b"]) });
    const reader = new PageReader(source, undefined);
    await reader.page(undefined);
    const ahead = await sent[1]?.response;
    reader.close();
    expect(sent[1]?.signal?.aborted).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(ahead?.discarded).toBe(true);
  });

  it("reports the failure of a request sent ahead when its page is read, and only then", async () => {
    const { source, sent } = fakeBucket({ first: pageXml(["a"], "t2"), t2: pageXml(["b"]) }, true);
    const reader = new PageReader(source, undefined);
    const first = reader.page(undefined);
    sent[0]?.answer();
    await first;
    sent[1]?.fail(new Error("503 SlowDown, retries exhausted"));
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
    await expect(reader.page("t2")).rejects.toThrow("503 SlowDown");
  });

  it("leaves no unhandled rejection when a listing abandoned early had its next request fail", async () => {
    const { source, sent } = fakeBucket({ first: pageXml(["a"], "t2") }, true);
    const reader = new PageReader(source, undefined);
    const first = reader.page(undefined);
    sent[0]?.answer();
    await first;
    sent[1]?.fail(new Error("connection reset"));
    reader.close();
    await new Promise((r) => setTimeout(r, 10));
    expect(unhandled).toEqual([]);
  });

  it("sends nothing ahead once the caller's signal is aborted, and passes it on", async () => {
    const controller = new AbortController();
    const { source, sent } = fakeBucket({ first: pageXml(["a"], "t2"), t2: pageXml(["b"]) });
    const reader = new PageReader(source, controller.signal);
    await reader.page(undefined);
    expect(sent).toHaveLength(2);
    controller.abort();
    // The caller's abort reaches the request sent ahead through the combined signal.
    expect(sent[1]?.signal?.aborted).toBe(true);
    reader.close();
    const again = new PageReader(source, controller.signal);
    await again.page(undefined);
    expect(sent).toHaveLength(3);
    expect(sent[2]?.signal).toBe(controller.signal);
  });
});
