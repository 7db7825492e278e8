import aws4 from "aws4";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uriEncode } from "../src/canonical-url.js";
import type {
  SigningCredentialProvider as CredentialProvider,
  SigningCredentials as Credentials,
} from "../src/index.js";
import { S3Signer } from "../src/index.js";

// An independent SigV4 implementation (aws4) must compute the same signature for the request
// exactly as we send it, on random keys, queries, headers, bodies and dates.

const SPECIAL = [" ", "+", "%", "!", "'", "(", ")", "*", "&", "=", "?", "#", "~", ":", "@", ","];
const UNICODE = ["é", "ß", "日本", "\u1234", "😀", "\u00a0"];

const wellFormed = (s: string) => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};
const char = fc.oneof(
  fc.constantFrom(...SPECIAL, ...UNICODE),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }).filter(wellFormed),
);
const segment = fc
  .string({ unit: char, minLength: 1, maxLength: 12 })
  .filter((s) => !s.includes("/") && s !== "." && s !== "..");
const key = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));
const queryParams = fc.dictionary(
  fc.string({ unit: char, minLength: 1, maxLength: 8 }),
  fc.string({ unit: char, maxLength: 8 }),
  { maxKeys: 4 },
);
const headerValue = fc
  .string({ unit: "grapheme-ascii", minLength: 1, maxLength: 20 })
  .filter((v) => /^[\x20-\x7e]+$/.test(v) && v.trim() !== "");
const metaHeaders = fc.dictionary(
  fc.stringMatching(/^[a-z0-9-]{1,10}$/).map((n) => `x-amz-meta-${n}`),
  headerValue,
  { maxKeys: 3 },
);
const credentials = fc.record(
  {
    accessKeyId: fc.stringMatching(/^AKIA[A-Z0-9]{16}$/),
    secretAccessKey: fc.string({ unit: "grapheme-ascii", minLength: 20, maxLength: 40 }),
    sessionToken: fc.string({ unit: "grapheme-ascii", minLength: 10, maxLength: 40 }),
  },
  { requiredKeys: ["accessKeyId", "secretAccessKey"] },
);
const signingDate = fc.date({
  min: new Date("2000-01-01T00:00:00Z"),
  max: new Date("2099-12-31T23:59:59Z"),
  noInvalidDate: true,
});
const region = fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-2");

const fixed = (creds: Credentials): CredentialProvider => ({
  getCredentials: async () => creds,
});
const encodeKey = (k: string) => k.split("/").map(uriEncode).join("/");
const encodeQuery = (q: Record<string, string>) =>
  Object.entries(q)
    .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
    .join("&");
const amzDate = (d: Date) => d.toISOString().replace(/[:-]|\.\d{3}/g, "");

describe("cross-check against aws4", () => {
  it("agrees on header signatures", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          key,
          query: queryParams,
          headers: metaHeaders,
          body: fc.option(fc.string({ unit: "binary", maxLength: 64 }).filter(wellFormed)),
          method: fc.constantFrom("GET", "PUT", "HEAD", "DELETE", "POST"),
          creds: credentials,
          date: signingDate,
          region,
        }),
        async ({ key, query, headers, body, method, creds, date, region }) => {
          const host = `bucket.s3.${region}.amazonaws.com`;
          const search = encodeQuery(query);
          const url = `https://${host}/${encodeKey(key)}${search ? `?${search}` : ""}`;
          const bodyHeaders: Record<string, string> =
            body === null
              ? {}
              : {
                  "content-type": "application/octet-stream",
                  "content-length": String(Buffer.byteLength(body)),
                };
          const signer = new S3Signer({ region, credentials: fixed(creds) });
          const ours = await signer.sign(
            {
              method,
              url,
              headers: { ...headers, ...bodyHeaders },
              ...(body === null ? {} : { body }),
            },
            { signingDate: date },
          );
          const theirs = aws4.sign(
            {
              host,
              method,
              path: ours.url.pathname + ours.url.search,
              service: "s3",
              region,
              headers: { ...headers, ...bodyHeaders, "X-Amz-Date": amzDate(date) },
              ...(body === null ? {} : { body }),
            },
            creds,
          );
          expect(ours.headers.authorization).toBe(theirs.headers?.Authorization);
          expect(ours.headers["x-amz-content-sha256"]).toBe(
            theirs.headers?.["X-Amz-Content-Sha256"],
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("agrees on presigned URL signatures", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          key,
          method: fc.constantFrom("GET", "PUT", "HEAD", "DELETE"),
          creds: credentials,
          date: signingDate,
          region,
          expires: fc.integer({ min: 1, max: 604_800 }),
        }),
        async ({ key, method, creds, date, region, expires }) => {
          const host = `bucket.s3.${region}.amazonaws.com`;
          const signer = new S3Signer({ region, credentials: fixed(creds) });
          const ours = new URL(
            await signer.presign({ method, url: `https://${host}/${encodeKey(key)}` }, expires, {
              signingDate: date,
            }),
          );
          const signature = ours.searchParams.get("X-Amz-Signature");
          ours.searchParams.delete("X-Amz-Signature");
          const theirs = aws4.sign(
            {
              host,
              method,
              path: ours.pathname + ours.search,
              service: "s3",
              region,
              signQuery: true,
            },
            creds,
          );
          expect(signature).toBe(
            new URL(`https://${host}${theirs.path}`).searchParams.get("X-Amz-Signature"),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
