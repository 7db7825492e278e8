/** An absolute byte range `start..end` (inclusive) of an object of `size` bytes (if known). */
export interface ContentRange {
  start: number;
  end: number;
  size?: number;
}

/**
 * Parses a `Content-Range: bytes <start>-<end>/<size|*>` header.
 *
 * @example
 * ```ts
 * parseContentRange("bytes 100-199/1000"); // { start: 100, end: 199, size: 1000 }
 * ```
 */
export function parseContentRange(header: string | undefined): ContentRange | undefined {
  const m = header === undefined ? null : /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header.trim());
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end < start) return undefined;
  return m[3] === "*" ? { start, end } : { start, end, size: Number(m[3]) };
}

/** What a broken download must be resumed to: the same object (`etag`), the same bytes. */
export interface ResumeTarget {
  etag: string;
  start: number;
  end: number;
}

/**
 * Whether (and how) a GET response can be resumed if its body breaks: it needs a strong ETag
 * (a weak one cannot be used with `If-Match`) and a known extent (`Content-Range` of a 206,
 * or `Content-Length` of a 200).
 */
export function resumeTarget(
  status: number,
  headers: Record<string, string>,
): ResumeTarget | undefined {
  const etag = headers.etag;
  if (!etag || etag.startsWith("W/")) return undefined;
  if (status === 206) {
    const range = parseContentRange(headers["content-range"]);
    return range && { etag, start: range.start, end: range.end };
  }
  const length = headers["content-length"];
  if (status !== 200 || length === undefined || !/^\d+$/.test(length) || length === "0")
    return undefined;
  return { etag, start: 0, end: Number(length) - 1 };
}

/** The request headers that ask for the rest of a download after `received` bytes. */
export function resumeHeaders(target: ResumeTarget, received: number): Record<string, string> {
  return { range: `bytes=${target.start + received}-${target.end}`, "if-match": target.etag };
}

/** A resume response checked against its target: bytes to skip, or why it cannot be used. */
export type ResumeCheck =
  | { ok: true; skip: number }
  | {
      ok: false;
      reason: "etag-changed" | "unexpected-range" | "unexpected-status";
      detail: string;
    };

/**
 * Checks the answer to a resume request. The data continues the first response only if it is a
 * 206 of the same ETag whose range starts at or before the next byte and ends where the first
 * response ended; a range that starts earlier is accepted by skipping the bytes already read.
 */
export function checkResume(
  target: ResumeTarget,
  received: number,
  status: number,
  headers: Record<string, string>,
): ResumeCheck {
  if (status === 412) {
    return {
      ok: false,
      reason: "etag-changed",
      detail: `the object changed (412 to If-Match ${target.etag})`,
    };
  }
  if (status !== 206) {
    return {
      ok: false,
      reason: "unexpected-status",
      detail: `the ranged request got status ${status}, expected 206`,
    };
  }
  if (headers.etag !== target.etag) {
    return {
      ok: false,
      reason: "etag-changed",
      detail: `the object changed (ETag ${target.etag} became ${headers.etag ?? "absent"})`,
    };
  }
  const next = target.start + received;
  const range = parseContentRange(headers["content-range"]);
  if (!range || range.start > next || range.end !== target.end) {
    return {
      ok: false,
      reason: "unexpected-range",
      detail: `asked for bytes ${next}-${target.end}, got Content-Range ${headers["content-range"] ?? "(none)"}`,
    };
  }
  return { ok: true, skip: next - range.start };
}
