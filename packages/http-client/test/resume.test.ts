import { describe, expect, it } from "vitest";
import { checkResume, parseContentRange, resumeHeaders, resumeTarget } from "../src/resume.js";

describe("parseContentRange", () => {
  it.each([
    ["bytes 0-99/100", { start: 0, end: 99, size: 100 }],
    ["bytes 100-199/*", { start: 100, end: 199 }],
    ["bytes 5-4/10", undefined],
    ["bytes */100", undefined],
    ["items 0-1/2", undefined],
    [undefined, undefined],
  ])("%s", (header, expected) => {
    expect(parseContentRange(header)).toEqual(expected);
  });
});

describe("resumeTarget", () => {
  it("uses Content-Length of a 200 and Content-Range of a 206", () => {
    expect(resumeTarget(200, { etag: '"a"', "content-length": "10" })).toEqual({
      etag: '"a"',
      start: 0,
      end: 9,
    });
    expect(resumeTarget(206, { etag: '"a"', "content-range": "bytes 5-9/10" })).toEqual({
      etag: '"a"',
      start: 5,
      end: 9,
    });
  });

  it("refuses without a strong ETag or a known extent", () => {
    expect(resumeTarget(200, { "content-length": "10" })).toBeUndefined();
    expect(resumeTarget(200, { etag: 'W/"a"', "content-length": "10" })).toBeUndefined();
    expect(resumeTarget(200, { etag: '"a"' })).toBeUndefined();
    expect(resumeTarget(404, { etag: '"a"', "content-length": "10" })).toBeUndefined();
  });
});

describe("checkResume", () => {
  const target = { etag: '"a"', start: 100, end: 199 };

  it("asks for the remaining bytes pinned to the ETag", () => {
    expect(resumeHeaders(target, 30)).toEqual({ range: "bytes=130-199", "if-match": '"a"' });
  });

  it("accepts the exact range, and a range starting earlier by skipping", () => {
    const ok = (range: string) =>
      checkResume(target, 30, 206, { etag: '"a"', "content-range": range });
    expect(ok("bytes 130-199/1000")).toEqual({ ok: true, skip: 0 });
    expect(ok("bytes 120-199/1000")).toEqual({ ok: true, skip: 10 });
    expect(ok("bytes 140-199/1000")).toMatchObject({ ok: false, reason: "unexpected-range" });
    expect(ok("bytes 130-198/1000")).toMatchObject({ ok: false, reason: "unexpected-range" });
  });

  it("refuses a changed object and a non-206", () => {
    expect(checkResume(target, 30, 412, {})).toMatchObject({ ok: false, reason: "etag-changed" });
    expect(
      checkResume(target, 30, 206, { etag: '"b"', "content-range": "bytes 130-199/1000" }),
    ).toMatchObject({ ok: false, reason: "etag-changed" });
    expect(checkResume(target, 30, 200, { etag: '"a"' })).toMatchObject({
      ok: false,
      reason: "unexpected-status",
    });
  });
});
