/** What one timed run of one scenario cost its client process. */
export interface Measurement {
  /** Operations done (requests, listings, uploads…). */
  ops: number;
  /** Payload bytes moved (read or written). */
  bytes: number;
  /** Items seen (listed keys); 0 where it means nothing. */
  items: number;
  wallMs: number;
  /** User + system CPU of the client process, in microseconds. */
  cpuUs: number;
  /** Highest resident set size sampled during the run. */
  peakRssBytes: number;
}

/** What one operation returns: bytes moved, and items seen for lists. */
export type OpResult = number | { bytes: number; items: number };

/**
 * Runs `total` operations, `concurrency` at a time, and measures wall time, process CPU and
 * peak RSS (sampled every 10 ms).
 *
 * @example
 * ```ts
 * const m = await measure(32, 10_000, () => client.head("bench/obj.1024"));
 * console.log(m.cpuUs / m.ops, "µs of CPU per HEAD");
 * ```
 */
export async function measure(
  concurrency: number,
  total: number,
  op: (i: number) => Promise<OpResult>,
): Promise<Measurement> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  let next = 0;
  let bytes = 0;
  let items = 0;
  const worker = async () => {
    while (next < total) {
      const r = await op(next++);
      if (typeof r === "number") bytes += r;
      else {
        bytes += r.bytes;
        items += r.items;
      }
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  } finally {
    clearInterval(sampler);
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { ops: total, bytes, items, wallMs, cpuUs: cpu.user + cpu.system, peakRssBytes: peak };
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  if (s.length === 0) return Number.NaN;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
