import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseS3Time } from "../src/s3-time.js";

const pad = (n: number, width: number) => String(n).padStart(width, "0");

describe("parseS3Time", () => {
  it("reads what Date.parse reads, for S3's form with fields in and out of range", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.option(fc.integer({ min: 0, max: 999 })),
        (y, mo, d, h, mi, s, ms) => {
          const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${ms === null ? "" : `.${pad(ms, 3)}`}Z`;
          expect(parseS3Time(text)).toBe(Date.parse(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("leaves every other text to Date.parse", () => {
    for (const text of [
      "Wed, 01 Jan 2025 00:00:00 GMT",
      "2025-01-01T00:00:00.000+01:00",
      "2025-01-01T0a:00:00.000Z",
      "2025-01-01 00:00:00.000Z",
      "2025-01-01T00:00:00,000Z",
      "not a date at all, really",
      "",
    ]) {
      expect(parseS3Time(text), text).toBe(Date.parse(text));
    }
    expect(parseS3Time("2025-01-01T00:00:00.000Z")).toBe(1735689600000);
  });
});
