import { Readable } from "node:stream";
import type { BenchClient } from "./clients/client.js";
import type { OpResult } from "./measure.js";
import { patternBytes, patternSlice } from "./pattern.js";

/** How many operations each scenario runs: full, quick, or against a real server. */
export interface Plan {
  /** Mixed small requests (GET/PUT/HEAD/range) before any small-op measurement. */
  warmup: number;
  /** Operations of the small scenarios at concurrency 32. */
  smallOps: number;
  /** Operations of the concurrency-1 GET. */
  serialOps: number;
  /** Full listings of the `list/` prefix. */
  listings: number;
  /** Full listings after the warm-up requests, before anything is timed. */
  listWarmups: number;
  /** Keys under `list/` (the null server's virtual set, or what was uploaded to a real server). */
  listKeys: number;
  largeGets: number;
  largeGetBytes: number;
  uploads: number;
  uploadBytes: number;
  /** Size of the streamed upload whose peak RSS is checked; 0 skips it. */
  rssUploadBytes: number;
  partSize: number;
  partConcurrency: number;
}

/** The prefix the LIST scenario lists. */
export const LIST_PREFIX = "list/";

/** The worker processes a round is split into: small ops share one warmed-up process. */
export type Group = "small" | "large-get" | "upload" | "upload-rss";

/** One measured workload. */
export interface Scenario {
  id: string;
  label: string;
  group: Group;
  concurrency: number;
  /** What the throughput column counts. */
  unit: "ops/s" | "MiB/s" | "keys/s";
  count(plan: Plan): number;
  op(client: BenchClient, i: number, plan: Plan): Promise<OpResult>;
}

const KIB = 1024;
const MIB = 1024 * KIB;
/** Key of the 1 KiB object (the null server derives the size from the suffix). */
export const SMALL_KEY = "bench/obj.1024";
/** Key of the object ranged GETs read from. */
export const RANGED_KEY = `bench/obj.${16 * MIB}`;
const RANGE = 64 * KIB;
/** The body of every 1 KiB PUT. */
export const SMALL_BODY = patternBytes(KIB);

/** The large object read whole (its size is in its name, as the null server wants). */
export function largeKey(plan: Plan): string {
  return `bench/obj.${plan.largeGetBytes}`;
}

/**
 * A stream of `size` pattern bytes in 64 KiB chunks, each a view into one shared buffer (never
 * modified). Fresh copies cost the harness, not the client, 16,384 buffers per GiB that V8 lets
 * pile up to ~64 MiB of garbage before it collects them, and the same for every client.
 */
export function uploadSource(size: number): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < size; ) {
        const chunk = patternSlice(at, Math.min(size, at + 64 * KIB));
        at += chunk.length;
        yield chunk;
      }
    })(),
    { objectMode: false, highWaterMark: 64 * KIB },
  );
}

const rangeStart = (i: number) => ((i * 7919) % ((16 * MIB) / RANGE - 1)) * RANGE;

/** The mixed request the warm-up runs as its `i`-th operation. */
export function warmupOp(client: BenchClient, i: number): Promise<OpResult> {
  switch (i % 4) {
    case 0:
      return client.getBytes(SMALL_KEY);
    case 1:
      return client.put("bench/warm.1024", SMALL_BODY).then(() => KIB);
    case 2:
      return client.head(SMALL_KEY).then(() => 0);
    default:
      return client.getRange(RANGED_KEY, rangeStart(i), rangeStart(i) + RANGE);
  }
}

/** Every scenario, in table order. */
export const SCENARIOS: Scenario[] = [
  {
    id: "get-1k-c1",
    label: "GET 1 KiB, c=1",
    group: "small",
    concurrency: 1,
    unit: "ops/s",
    count: (p) => p.serialOps,
    op: (c) => c.getBytes(SMALL_KEY),
  },
  {
    id: "get-1k-c32",
    label: "GET 1 KiB, c=32",
    group: "small",
    concurrency: 32,
    unit: "ops/s",
    count: (p) => p.smallOps,
    op: (c) => c.getBytes(SMALL_KEY),
  },
  {
    id: "put-1k-c32",
    label: "PUT 1 KiB, c=32",
    group: "small",
    concurrency: 32,
    unit: "ops/s",
    count: (p) => p.smallOps,
    op: (c, i) => c.put(`bench/put-${i % 64}.1024`, SMALL_BODY).then(() => KIB),
  },
  {
    id: "head-c32",
    label: "HEAD, c=32",
    group: "small",
    concurrency: 32,
    unit: "ops/s",
    count: (p) => p.smallOps,
    op: (c) => c.head(SMALL_KEY).then(() => 0),
  },
  {
    id: "range-64k-c32",
    label: "GET 64 KiB range, c=32",
    group: "small",
    concurrency: 32,
    unit: "ops/s",
    count: (p) => p.smallOps,
    op: (c, i) => c.getRange(RANGED_KEY, rangeStart(i), rangeStart(i) + RANGE),
  },
  {
    id: "list",
    label: "LIST (all pages)",
    group: "small",
    concurrency: 1,
    unit: "keys/s",
    count: (p) => p.listings,
    op: async (c, _i, p) => {
      const items = await c.list(LIST_PREFIX);
      if (items !== p.listKeys) throw new Error(`listed ${items} keys, expected ${p.listKeys}`);
      return { bytes: 0, items };
    },
  },
  {
    id: "get-large",
    label: "GET large object",
    group: "large-get",
    concurrency: 1,
    unit: "MiB/s",
    count: (p) => p.largeGets,
    op: async (c, _i, p) => {
      const n = await c.getStream(largeKey(p));
      if (n !== p.largeGetBytes) throw new Error(`read ${n} bytes, expected ${p.largeGetBytes}`);
      return n;
    },
  },
  {
    id: "multipart-put",
    label: "multipart PUT",
    group: "upload",
    concurrency: 1,
    unit: "MiB/s",
    count: (p) => p.uploads,
    op: (c, i, p) =>
      c
        .multipartUpload(
          `bench/upload-${i}.bin`,
          uploadSource(p.uploadBytes),
          p.uploadBytes,
          p.partSize,
          p.partConcurrency,
        )
        .then(() => p.uploadBytes),
  },
  {
    id: "multipart-rss",
    label: "streamed multipart PUT (peak RSS)",
    group: "upload-rss",
    concurrency: 1,
    unit: "MiB/s",
    count: (p) => (p.rssUploadBytes > 0 ? 1 : 0),
    op: (c, _i, p) =>
      c
        .multipartUpload(
          "bench/rss.bin",
          uploadSource(p.rssUploadBytes),
          p.rssUploadBytes,
          p.partSize,
          p.partConcurrency,
        )
        .then(() => p.rssUploadBytes),
  },
];

/** The plans of a full run, a `--quick` run and a run against a real server. */
export const PLANS = {
  full: {
    warmup: 6000,
    smallOps: 8000,
    serialOps: 2000,
    listings: 12,
    listWarmups: 2,
    listKeys: 10_000,
    largeGets: 4,
    largeGetBytes: 64 * MIB,
    uploads: 2,
    uploadBytes: 256 * MIB,
    rssUploadBytes: 1024 * MIB,
    partSize: 8 * MIB,
    partConcurrency: 4,
  },
  quick: {
    warmup: 3000,
    smallOps: 1000,
    serialOps: 300,
    listings: 3,
    listWarmups: 2,
    listKeys: 10_000,
    largeGets: 2,
    largeGetBytes: 64 * MIB,
    uploads: 1,
    uploadBytes: 256 * MIB,
    rssUploadBytes: 0,
    partSize: 8 * MIB,
    partConcurrency: 4,
  },
  e2e: {
    warmup: 2000,
    smallOps: 1500,
    serialOps: 300,
    listings: 2,
    listWarmups: 2,
    listKeys: 1000,
    largeGets: 2,
    largeGetBytes: 64 * MIB,
    uploads: 1,
    uploadBytes: 64 * MIB,
    rssUploadBytes: 0,
    partSize: 8 * MIB,
    partConcurrency: 4,
  },
} satisfies Record<string, Plan>;
