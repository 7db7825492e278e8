/** A byte range, end exclusive. */
export interface Range {
  start: number;
  end: number;
}

/** Ranges closer than this are fetched in one request (object_store's default too). */
export const COALESCE_BYTES = 1024 * 1024;

/**
 * Merges ranges whose gap is at most `gap` bytes into fewer fetches, so many small reads of one
 * file cost few requests. Returns the fetches in ascending order.
 */
export function coalesceRanges(ranges: readonly Range[], gap = COALESCE_BYTES): Range[] {
  const sorted = [...ranges].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end + gap) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** Cuts each requested range out of the fetched ones. */
export function sliceRanges(
  ranges: readonly Range[],
  fetched: readonly Range[],
  data: readonly Uint8Array[],
): Uint8Array[] {
  return ranges.map((r) => {
    if (r.end <= r.start) return new Uint8Array(0);
    const i = fetched.findIndex((f) => f.start <= r.start && r.end <= f.end);
    const f = fetched[i] as Range;
    return (data[i] as Uint8Array).subarray(r.start - f.start, r.end - f.start);
  });
}
