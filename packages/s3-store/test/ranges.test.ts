import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COALESCE_BYTES, coalesceRanges, sliceRanges } from "../src/ranges.js";

describe("range coalescing", () => {
  it("merges ranges closer than the gap and keeps far ones apart", () => {
    expect(
      coalesceRanges([
        { start: 0, end: 10 },
        { start: 15, end: 20 },
        { start: 5 * COALESCE_BYTES, end: 5 * COALESCE_BYTES + 1 },
      ]),
    ).toEqual([
      { start: 0, end: 20 },
      { start: 5 * COALESCE_BYTES, end: 5 * COALESCE_BYTES + 1 },
    ]);
    expect(
      coalesceRanges(
        [
          { start: 0, end: 10 },
          { start: 12, end: 20 },
        ],
        0,
      ),
    ).toEqual([
      { start: 0, end: 10 },
      { start: 12, end: 20 },
    ]);
  });

  it("slices back exactly what was asked, in order, for any ranges", () => {
    const data = Uint8Array.from({ length: 5000 }, (_, i) => i % 251);
    const range = fc
      .tuple(fc.nat(4999), fc.nat(300))
      .map(([s, l]) => ({ start: s, end: Math.min(5000, s + l) }));
    fc.assert(
      fc.property(fc.array(range, { maxLength: 12 }), fc.nat(2000), (ranges, gap) => {
        const fetched = coalesceRanges(ranges, gap);
        const out = sliceRanges(
          ranges,
          fetched,
          fetched.map((f) => data.subarray(f.start, f.end)),
        );
        expect(out.map((b) => [...b])).toEqual(
          ranges.map((r) => [...data.subarray(r.start, Math.max(r.start, r.end))]),
        );
        expect(fetched.length).toBeLessThanOrEqual(ranges.length);
      }),
    );
  });
});
