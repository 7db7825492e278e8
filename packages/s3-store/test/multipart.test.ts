import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ChunkReader, chunksOf } from "../src/body.js";
import { type PartSink, uploadParts } from "../src/multipart.js";

describe("uploadParts", () => {
  it("holds at most maxConcurrency part buffers and never refills one still being sent", async () => {
    const size = 1000;
    const data = Buffer.from(Array.from({ length: 10 * size + 17 }, (_, i) => (i * 7 + 3) & 0xff));
    const pieces = Array.from({ length: Math.ceil(data.length / 64) }, (_, i) =>
      data.subarray(i * 64, (i + 1) * 64),
    );
    const reader = new ChunkReader(chunksOf(Readable.from(pieces), "p"), size);
    const buffers = new Set<ArrayBufferLike>();
    const sent: Buffer[] = [];
    let inFlight = 0;
    let most = 0;
    const sink: PartSink = {
      putPart: async (n, body) => {
        buffers.add(body.buffer);
        most = Math.max(most, ++inFlight);
        const atStart = Buffer.from(body);
        await new Promise((resolve) => setTimeout(resolve, n % 3));
        // A retry sends the part's buffer again: it must still hold the part's bytes.
        expect(Buffer.from(body)).toEqual(atStart);
        sent[n - 1] = atStart;
        inFlight--;
        return { partNumber: n, eTag: `"${n}"` };
      },
    };
    const parts = await uploadParts(sink, reader, undefined, 4);
    expect(parts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(Buffer.concat(sent)).toEqual(data);
    expect(most).toBe(4);
    expect(buffers.size).toBe(4);
  });
});
