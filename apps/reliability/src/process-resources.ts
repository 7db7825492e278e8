import { readdirSync } from "node:fs";

/**
 * Open file descriptors of this process (sockets included), from `/proc/self/fd`; undefined
 * where there is no `/proc` (macOS, Windows).
 *
 * @example
 * ```ts
 * const before = openFileDescriptors();
 * // ... work, then close everything ...
 * expect(openFileDescriptors()).toBe(before);
 * ```
 */
export function openFileDescriptors(): number | undefined {
  try {
    return readdirSync("/proc/self/fd").length;
  } catch {
    return undefined;
  }
}

/**
 * Samples the resident set size every `intervalMs` until stopped; returns the peak in bytes.
 *
 * @example
 * ```ts
 * const stop = sampleRss();
 * await work();
 * console.log(`peak RSS ${stop() / 2 ** 20} MiB`);
 * ```
 */
export function sampleRss(intervalMs = 20): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss());
  };
}
