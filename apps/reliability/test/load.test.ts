import { HttpError } from "@objstore/http-client";
import { NotFoundError, ObjectStoreError, type S3Store } from "@objstore/s3-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contentBytes,
  contentSha256,
  contentStream,
  type FaultProxy,
  sampleRss,
  sha256,
  startFaultProxy,
} from "../src/index.js";
import { admin, storeAt, testServer } from "./support/server.js";

const MIB = 1024 * 1024;
const soak = process.env.OBJSTORE_SOAK === "1";
// The issue asks for 1,000 at once; that is what we run, small objects keep it ~10 s here.
const SMALL = soak ? 4000 : 1000;
const UPLOADS = soak ? 16 : 8;
const UPLOAD_SIZE = soak ? 48 * MIB : 24 * MIB;

// The pool's cap: a thousand requests at once must share these connections.
const POOL_LIMIT = 64;

let bucket: string;
let proxy: FaultProxy;
let store: S3Store;

beforeAll(async () => {
  bucket = await admin().createBucket("load");
  // A proxy with no faults: it counts connections and requests in flight.
  proxy = await startFaultProxy({ upstream: testServer().endpoint });
  store = storeAt(proxy.url, bucket, {
    clientOptions: { pool_max_connections_per_host: POOL_LIMIT },
  });
});

afterAll(async () => {
  await store?.close();
  await proxy?.close();
  if (bucket) await admin().removeBucket(bucket);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function drained(): Promise<number> {
  for (let i = 0; i < 50 && proxy.inFlight > 0; i++) await sleep(100);
  return proxy.inFlight;
}

describe("concurrency and load against the real server", () => {
  it(`${SMALL} concurrent small puts, then ${SMALL} concurrent gets: all data correct`, async () => {
    const stopRss = sampleRss();
    const rssBefore = process.memoryUsage.rss();
    const started = Date.now();
    const sizeOf = (i: number) => 1 + ((i * 7919) % (16 * 1024));
    await Promise.all(
      Array.from({ length: SMALL }, (_, i) =>
        store.put(`small/${i}`, contentBytes(i + 1, sizeOf(i))),
      ),
    );
    const putPeak = proxy.stats.peakConnections;
    const got = await Promise.all(
      Array.from({ length: SMALL }, async (_, i) =>
        sha256(await (await store.get(`small/${i}`)).bytes()),
      ),
    );
    const peak = stopRss();
    got.forEach((sha, i) => {
      expect(sha).toBe(sha256(contentBytes(i + 1, sizeOf(i))));
    });
    expect(await store.list("small").collect()).toHaveLength(SMALL);
    expect(await drained()).toBe(0);
    // The pool never exceeds its cap, whatever the work offered.
    expect(proxy.stats.peakConnections).toBeLessThanOrEqual(POOL_LIMIT);
    console.log(
      `load: ${SMALL} concurrent puts + ${SMALL} concurrent gets in ${((Date.now() - started) / 1000).toFixed(1)} s; peak connections ${putPeak} (puts) / ${proxy.stats.peakConnections} (overall), peak in flight ${proxy.stats.peakInFlight}; RSS ${(rssBefore / MIB).toFixed(0)} -> peak ${(peak / MIB).toFixed(0)} MiB`,
    );
  });

  it(`${UPLOADS} concurrent ${UPLOAD_SIZE / MIB} MiB multipart uploads, half aborted: bounded memory, no dangling parts`, async () => {
    const rssBefore = process.memoryUsage.rss();
    const stopRss = sampleRss();
    const aborted = new Set(Array.from({ length: UPLOADS / 2 }, (_, i) => i * 2));
    const results = await Promise.allSettled(
      Array.from({ length: UPLOADS }, (_, i) => {
        const controller = new AbortController();
        return store.put(`multipart/${i}.bin`, contentStream(1000 + i, UPLOAD_SIZE), {
          maxConcurrency: 2,
          signal: controller.signal,
          // Abort once the upload is under way, with parts in flight.
          onProgress: (p) => {
            if (aborted.has(i) && p.bytesUploaded >= 5 * MIB) controller.abort();
          },
        });
      }),
    );
    const peak = stopRss();
    for (const [i, r] of results.entries()) {
      if (aborted.has(i)) {
        expect(r.status).toBe("rejected");
        const reason = (r as PromiseRejectedResult).reason;
        expect(reason instanceof HttpError || reason instanceof ObjectStoreError).toBe(true);
        expect((reason as Error).name).toBe("AbortError");
      } else expect(r.status).toBe("fulfilled");
    }
    expect(await drained()).toBe(0);
    expect(await admin().listUploads(bucket)).toEqual([]);
    for (let i = 0; i < UPLOADS; i++) {
      if (aborted.has(i)) {
        await expect(store.head(`multipart/${i}.bin`)).rejects.toBeInstanceOf(NotFoundError);
      } else {
        const bytes = await (await store.get(`multipart/${i}.bin`)).bytes();
        expect(sha256(bytes)).toBe(contentSha256(1000 + i, UPLOAD_SIZE));
      }
    }
    const growth = (peak - rssBefore) / MIB;
    console.log(
      `load: ${UPLOADS} concurrent ${UPLOAD_SIZE / MIB} MiB multipart uploads (${UPLOADS / 2} aborted): RSS ${(rssBefore / MIB).toFixed(0)} -> peak ${(peak / MIB).toFixed(0)} MiB (+${growth.toFixed(0)} MiB, ${((UPLOADS * UPLOAD_SIZE) / MIB).toFixed(0)} MiB of data); multipart uploads left 0`,
    );
    // Memory is bounded by parts in flight (uploads x maxConcurrency x 5 MiB, plus copies
    // for signing and sending), not by the data: generous, but far below the bytes moved.
    expect(growth).toBeLessThan(Math.max(400, (UPLOADS * UPLOAD_SIZE) / MIB / 2));
  });
});
