// Byte i of every virtual object is (i × 7 + 3) mod 256: the pattern repeats every 256 bytes, so
// any slice of any object is a view into one shared buffer.
const PERIOD = 256;
const CHUNK = 1024 * 1024;
const PERIOD_BYTES = Buffer.from(Array.from({ length: PERIOD }, (_, i) => (i * 7 + 3) & 0xff));
// Filled natively: a megabyte-long loop at the top level gets compiled on the spot, and the
// compiler's memory stays in the RSS of every bench process (~4 MiB), whatever client it runs.
const SOURCE = Buffer.alloc(CHUNK + PERIOD, PERIOD_BYTES);

/**
 * Up to 1 MiB of the deterministic object bytes from offset `start` to `end` (exclusive), as a view
 * into a shared buffer: never modify it.
 *
 * @example
 * ```ts
 * const first = patternSlice(0, 1024); // the first KiB of any object
 * ```
 */
export function patternSlice(start: number, end: number): Buffer {
  const offset = start % PERIOD;
  return SOURCE.subarray(offset, offset + Math.min(CHUNK, end - start));
}

/**
 * A fresh copy of `length` pattern bytes (a body for a PUT).
 *
 * @example
 * ```ts
 * const body = patternBytes(1024);
 * ```
 */
export function patternBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let at = 0; at < length; ) {
    const slice = patternSlice(at, length);
    out.set(slice, at);
    at += slice.length;
  }
  return out;
}
