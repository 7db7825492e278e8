import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { bytesOf, ChunkReader, chunksOf } from "../src/body.js";
import { knownSha256 } from "../src/payload-hash.js";

async function all(reader: ChunkReader): Promise<number[]> {
  const sizes: number[] = [];
  for (let c = await reader.next(); c; c = await reader.next()) sizes.push(c.length);
  return sizes;
}

describe("bodies", () => {
  it("notes each chunk's SHA-256 while filling it, also in a recycled buffer", async () => {
    const data = Buffer.from(Array.from({ length: 25 }, (_, i) => i * 7));
    const pieces = [data.subarray(0, 3), data.subarray(3, 14), data.subarray(14)];
    const reader = new ChunkReader(chunksOf(Readable.from(pieces), "p"), 10, true);
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    const first = (await reader.next()) as Uint8Array;
    expect(knownSha256(first)).toBe(sha(data.subarray(0, 10)));
    reader.recycle(first);
    const second = (await reader.next()) as Uint8Array;
    expect(second).toBe(first);
    expect(knownSha256(second)).toBe(sha(data.subarray(10, 20)));
    const last = (await reader.next()) as Uint8Array;
    expect(knownSha256(last)).toBe(sha(data.subarray(20)));
    const plain = new ChunkReader(chunksOf(Readable.from([data]), "p"), 10);
    expect(knownSha256((await plain.next()) as Uint8Array)).toBeUndefined();
  });

  it("knows the bytes of in-memory bodies only", () => {
    expect(Buffer.from(bytesOf("hé") as Uint8Array).toString()).toBe("hé");
    expect(bytesOf(new ArrayBuffer(3))?.length).toBe(3);
    expect(bytesOf(new Blob(["x"]))).toBeUndefined();
  });

  it("reads every streaming body type, and names the path of a body that is not bytes", async () => {
    const sources = [
      new Blob(["ab", "c"]),
      Readable.from([Buffer.from("a"), "bc"]),
      new ReadableStream({
        start(c) {
          c.enqueue(Buffer.from("abc"));
          c.close();
        },
      }),
      (async function* () {
        yield "a";
        yield Buffer.from("bc");
      })(),
    ];
    for (const s of sources) {
      const reader = new ChunkReader(chunksOf(s as never, "p"), 2, false, "p");
      const parts: Uint8Array[] = [];
      for (let c = await reader.next(); c; c = await reader.next()) parts.push(Buffer.from(c));
      expect(Buffer.concat(parts).toString()).toBe("abc");
    }
    expect(() => chunksOf(42 as never, "p")).toThrow(/put "p": unsupported body type/);
    const numbers = new ChunkReader(chunksOf(Readable.from([1, 2]), "x.bin"), 2, false, "x.bin");
    await expect(numbers.next()).rejects.toThrow(
      /put "x.bin": the body yielded a number, not bytes/,
    );
  });

  it("cuts streams into equal chunks whatever the input pieces", async () => {
    const pieces = [3, 7, 1, 10, 2].map((n) => new Uint8Array(n));
    expect(
      await all(
        new ChunkReader(
          chunksOf(
            (async function* () {
              yield* pieces;
            })(),
            "p",
          ),
          5,
        ),
      ),
    ).toEqual([5, 5, 5, 5, 3]);
    expect(await all(new ChunkReader(chunksOf((async function* () {})(), "p"), 5))).toEqual([]);
    expect(await all(new ChunkReader(chunksOf(new Uint8Array(10), "p"), 5))).toEqual([5, 5]);
  });

  it("cuts later chunks into recycled buffers, and never into a short last chunk", async () => {
    const source = Buffer.from("abcdefghijklm");
    const reader = new ChunkReader(chunksOf(source, "p"), 5);
    const first = (await reader.next()) as Uint8Array;
    expect(Buffer.from(first).toString()).toBe("abcde");
    reader.recycle(first);
    const second = (await reader.next()) as Uint8Array;
    expect(second).toBe(first);
    expect(Buffer.from(second).toString()).toBe("fghij");
    const last = (await reader.next()) as Uint8Array;
    expect(Buffer.from(last).toString()).toBe("klm");
    // A short chunk is a view of a full buffer: it is not taken back.
    reader.recycle(last);
    reader.recycle(last.subarray(0, 2));
    expect(await reader.next()).toBeUndefined();
  });
});
