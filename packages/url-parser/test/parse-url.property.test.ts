import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseS3Url, UrlParseError, validateBucketName } from "../src/index.js";

const LABEL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

// Valid general purpose bucket names: "-"/"." only inside, no "..", and retried until valid so
// the generator cannot drift from the rules it is meant to respect.
const bucketName = fc
  .tuple(
    fc.constantFrom(...LABEL_CHARS),
    fc.array(fc.constantFrom(...`${LABEL_CHARS}-.`), { minLength: 1, maxLength: 60 }),
    fc.constantFrom(...LABEL_CHARS),
  )
  .map(([first, middle, last]) => `${first}${middle.join("")}${last}`)
  .filter((name) => {
    try {
      validateBucketName(name);
      return true;
    } catch {
      return false;
    }
  });

const segment = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
  .filter(
    (s) =>
      s !== "." &&
      s !== ".." &&
      !s.includes("/") &&
      ![...s].some((c) => c.charCodeAt(0) < 0x20 || c === "\x7f"),
  );

const prefixSegments = fc.array(segment, { minLength: 1, maxLength: 5 });

describe("parseS3Url properties", () => {
  it("round-trips any valid bucket and percent-encoded prefix through s3://", () => {
    fc.assert(
      fc.property(bucketName, prefixSegments, (bucket, segments) => {
        const url = `s3://${bucket}/${segments.map(encodeURIComponent).join("/")}`;
        expect(parseS3Url(url)).toStrictEqual({ bucket, prefix: segments.join("/") });
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips through a custom endpoint in path style", () => {
    fc.assert(
      fc.property(
        bucketName,
        prefixSegments,
        fc.integer({ min: 1, max: 65535 }),
        (bucket, segments, port) => {
          const url = `http://127.0.0.1:${port}/${bucket}/${segments.map(encodeURIComponent).join("/")}/`;
          const parsed = parseS3Url(url);
          expect(parsed.bucket).toBe(bucket);
          expect(parsed.prefix).toBe(segments.join("/"));
          expect(parsed.virtualHostedStyle).toBeUndefined();
          expect(parsed.endpoint).toBe(
            port === 80 ? "http://127.0.0.1" : `http://127.0.0.1:${port}`,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("throws nothing but UrlParseError on arbitrary input", () => {
    const schemes = fc.constantFrom("", "s3://", "s3a://", "https://", "http://", "gs://", "S3://");
    const hosts = fc.constantFrom(
      "",
      "bucket",
      "s3.amazonaws.com",
      "b.s3.us-east-1.amazonaws.com",
      "a.r2.cloudflarestorage.com",
      "x--use1-az4--x-s3.s3express-use1-az4.us-east-1.amazonaws.com",
      "127.0.0.1:9000",
    );
    const input = fc.oneof(
      fc.string({ unit: "binary", maxLength: 80 }),
      fc.tuple(schemes, hosts, fc.string({ unit: "binary", maxLength: 40 })).map((p) => p.join("")),
      fc
        .tuple(schemes, fc.string({ maxLength: 30 }), fc.constant("/"), fc.string())
        .map((p) => p.join("")),
    );
    fc.assert(
      fc.property(input, (url) => {
        try {
          const parsed = parseS3Url(url);
          expect(() => validateBucketName(parsed.bucket)).not.toThrow();
        } catch (err) {
          expect(err).toBeInstanceOf(UrlParseError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("never shows a URL's password", () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/);
    fc.assert(
      fc.property(
        secret,
        fc.constantFrom("s3://b", "https://host/bucket", "http://127.0.0.1:9000/b"),
        (password, rest) => {
          const [scheme, tail] = rest.split("://") as [string, string];
          const url = `${scheme}://user:${password}@${tail}`;
          try {
            parseS3Url(url);
            expect.unreachable();
          } catch (err) {
            expect(err).toBeInstanceOf(UrlParseError);
            expect((err as UrlParseError).message).not.toContain(password);
            expect((err as UrlParseError).url).not.toContain(password);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
