import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { NotFoundError, type S3Store } from "@objstore/s3-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admin, storeFor, useBucket } from "./support/server.js";

const MiB = 1024 * 1024;
const BIG = 100 * MiB;
const BIG_PATH = "big/100-MiB.bin";

/** `size` random bytes produced 1 MiB at a time, hashed as they are handed out. */
function generated(size: number): { produced: number; body: Readable; sha256(): string } {
  const hash = createHash("sha256");
  const source = {
    produced: 0,
    body: Readable.from(chunks()),
    sha256: () => hash.digest("hex"),
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    while (source.produced < size) {
      const chunk = randomBytes(Math.min(MiB, size - source.produced));
      source.produced += chunk.length;
      hash.update(chunk);
      yield chunk;
    }
  }
  return source;
}

const bucket = useBucket("large");
let store: S3Store;
let bigSha256: string;

beforeAll(() => {
  store = storeFor(bucket.name);
});

afterAll(async () => {
  await store.close();
});

describe("a 100 MiB object", () => {
  it("uploads from a stream of unknown length as parts, reading ahead by a bounded amount", async () => {
    const source = generated(BIG);
    const progress: number[] = [];
    let readAhead = 0;
    const result = await store.put(BIG_PATH, source.body, {
      chunkSize: 8 * MiB,
      maxConcurrency: 4,
      onProgress: (p) => {
        progress.push(p.bytesUploaded);
        readAhead = Math.max(readAhead, source.produced - p.bytesUploaded);
      },
    });
    bigSha256 = source.sha256();
    const meta = await store.head(BIG_PATH);
    expect(meta.size).toBe(BIG);
    // 100 MiB in 8 MiB parts: 13 parts, and a multipart ETag says so.
    expect(meta.eTag).toMatch(/-13"?$/);
    // Also where CompleteMultipartUpload answers with an empty <ETag> (Ceph RGW).
    expect(result.eTag).toBe(meta.eTag);
    expect(progress).toHaveLength(13);
    expect(progress.at(-1)).toBe(BIG);
    // Bytes read from the source but not yet acknowledged are what the upload holds in memory:
    // at most chunkSize × (maxConcurrency + 1) = 40 MiB plus the source's own 1 MiB chunk.
    expect(readAhead).toBeLessThanOrEqual(41 * MiB);
  });

  it("downloads as a stream, byte-identical (SHA-256), buffering nothing while paused", async () => {
    const got = await store.get(BIG_PATH);
    expect(got.meta.size).toBe(BIG);
    expect(got.range).toEqual({ start: 0, end: BIG });
    const hash = createHash("sha256");
    const reader = got.stream().getReader();
    const first = await reader.read();
    hash.update(first.value as Uint8Array);
    let received = (first.value as Uint8Array).length;
    // A reader that stops pulling stops the transfer: the body is not drained into memory.
    const before = process.memoryUsage().arrayBuffers;
    await new Promise((r) => setTimeout(r, 500));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * MiB);
    let chunks = 1;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      hash.update(r.value);
      received += r.value.length;
      chunks++;
    }
    expect(received).toBe(BIG);
    expect(chunks).toBeGreaterThan(100);
    expect(hash.digest("hex")).toBe(bigSha256);
  });

  it("reads ranges across part boundaries", async () => {
    const edge = 8 * MiB;
    const [across, tail] = await store.getRanges(BIG_PATH, [
      { start: edge - 10, end: edge + 10 },
      { start: BIG - 5, end: BIG },
    ]);
    const whole = await store.get(BIG_PATH, { range: { start: edge - 10, end: edge + 10 } });
    expect(Buffer.from(await whole.bytes())).toEqual(Buffer.from(across as Uint8Array));
    expect(tail).toHaveLength(5);
    expect(Buffer.from(tail as Uint8Array)).toEqual(
      Buffer.from(await store.getRange(BIG_PATH, { start: BIG - 5, end: BIG + 100 })),
    );
  });

  it("stops a download mid-way when its signal aborts", async () => {
    const controller = new AbortController();
    const got = await store.get(BIG_PATH, { signal: controller.signal });
    let received = 0;
    const reading = (async () => {
      for await (const chunk of got) {
        received += chunk.length;
        if (received >= 4 * MiB) controller.abort(new Error("enough"));
      }
    })();
    await expect(reading).rejects.toThrow();
    expect(received).toBeGreaterThanOrEqual(4 * MiB);
    expect(received).toBeLessThan(BIG);
    // The store is still usable after an aborted download.
    expect((await store.head(BIG_PATH)).size).toBe(BIG);
  });

  it("refuses to start a get whose signal already fired", async () => {
    await expect(
      store.get(BIG_PATH, { signal: AbortSignal.abort(new Error("cancelled early")) }),
    ).rejects.toThrow();
  });
});

describe("failed multipart uploads", () => {
  it("abort the upload when the body fails after several parts: no upload is left open", async () => {
    async function* failing() {
      for (let i = 0; i < 4; i++) yield randomBytes(5 * MiB);
      throw new Error("source disk failed");
    }
    await expect(store.put("fail/body.bin", failing(), { maxConcurrency: 2 })).rejects.toThrow(
      "source disk failed",
    );
    expect(await admin().listUploads(bucket.name)).toEqual([]);
    await expect(store.head("fail/body.bin")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("abort the upload when the caller's signal fires mid-upload", async () => {
    const controller = new AbortController();
    const source = generated(40 * MiB);
    await expect(
      store.put("fail/aborted.bin", source.body, {
        maxConcurrency: 2,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.parts >= 2) controller.abort(new Error("user cancelled"));
        },
      }),
    ).rejects.toThrow();
    expect(await admin().listUploads(bucket.name)).toEqual([]);
    await expect(store.head("fail/aborted.bin")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("empty objects", () => {
  it("put, get, head and delete an empty object, from bytes and from an empty stream", async () => {
    await store.put("empty/bytes", "");
    await store.put("empty/stream", Readable.from([]));
    await store.put("empty/multipart", Readable.from([]), { useMultipart: true });
    for (const path of ["empty/bytes", "empty/stream", "empty/multipart"]) {
      expect((await store.head(path)).size).toBe(0);
      const got = await store.get(path);
      expect(got.meta.size).toBe(0);
      expect((await got.bytes()).length).toBe(0);
    }
    await store.delete(["empty/bytes", "empty/stream", "empty/multipart"]);
    await expect(store.head("empty/bytes")).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.list("empty").collect()).toEqual([]);
  });
});

describe("every body kind", () => {
  it("Blob, web ReadableStream and async iterable bodies, small and multipart", async () => {
    const data = randomBytes(11 * MiB);
    const web = (bytes: Uint8Array) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 999_999)
            controller.enqueue(bytes.subarray(i, i + 999_999));
          controller.close();
        },
      });
    async function* iterable(bytes: Uint8Array) {
      for (let i = 0; i < bytes.length; i += 3 * MiB) yield bytes.subarray(i, i + 3 * MiB);
    }
    const bodies = {
      "blob-small": () => new Blob([data.subarray(0, 1000)]),
      "blob-large": () => new Blob([data]),
      "web-small": () => web(data.subarray(0, 1000)),
      "web-large": () => web(data),
      "iterable-large": () => iterable(data),
    };
    for (const [name, body] of Object.entries(bodies)) {
      const want = name.endsWith("small") ? data.subarray(0, 1000) : data;
      await store.put(`kinds/${name}`, body());
      const got = await store.get(`kinds/${name}`);
      expect(got.meta.size, name).toBe(want.length);
      expect(
        createHash("sha256")
          .update(await got.bytes())
          .digest("hex"),
        name,
      ).toBe(createHash("sha256").update(want).digest("hex"));
    }
  });
});
