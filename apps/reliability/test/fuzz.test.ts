import {
  CLIENT_CONFIG_KEYS,
  ConfigError,
  normalizeS3ConfigKey,
  parseBoolean,
  parseClientOptions,
  parseDuration,
  parseRetryConfig,
  parseS3Config,
  S3_CONFIG_KEYS,
} from "@objstore/config-keys";
import { HttpError } from "@objstore/http-client";
import { InvalidPathError, ObjectStoreError, S3Store } from "@objstore/s3-store";
import { parseS3Url, UrlParseError } from "@objstore/url-parser";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ScriptedServer, startScriptedServer, xml } from "./support/scripted-server.js";
import { admin, storeAt, testServer } from "./support/server.js";

// Fixed seed: a failure replays; OBJSTORE_FUZZ_RUNS raises the number of cases.
const runs = Number(process.env.OBJSTORE_FUZZ_RUNS ?? 300);
const params = { seed: 424242, numRuns: runs };

function onlyThrows(errorClass: abstract new (...args: never[]) => Error, run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (!(error instanceof errorClass)) throw error;
  }
}

const KNOWN_KEYS = [...Object.keys(S3_CONFIG_KEYS), ...Object.keys(CLIENT_CONFIG_KEYS)];

// Any UTF-16 code unit, lone surrogates included (what a JS string can hold, not just valid text).
const codeUnits = fc.string({
  unit: fc.nat({ max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

const anyText = fc.oneof(
  codeUnits,
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);

describe("fuzzing the public parsers: nothing but their typed errors", () => {
  it("parseS3Url", () => {
    const s3ish = fc
      .tuple(
        fc.constantFrom("s3://", "s3a://", "https://", "http://", "gs://", "S3://", ""),
        fc.string({ maxLength: 70 }),
        fc.constantFrom(
          "",
          ".s3.amazonaws.com",
          ".s3.eu-west-1.amazonaws.com",
          ".r2.cloudflarestorage.com",
          ":9000",
        ),
        fc.string({ unit: "binary", maxLength: 40 }),
      )
      .map(([scheme, host, suffix, path]) => `${scheme}${host}${suffix}/${path}`);
    fc.assert(
      fc.property(fc.oneof(anyText, s3ish), (url) => {
        onlyThrows(UrlParseError, () => {
          const parsed = parseS3Url(url);
          expect(typeof parsed.bucket).toBe("string");
        });
      }),
      params,
    );
  });

  it("config key normaliser and value parsers", () => {
    const key = fc.oneof(
      fc.constantFrom(...KNOWN_KEYS),
      fc.constantFrom(...KNOWN_KEYS).map((k) => `AWS_${k.toUpperCase()}`),
      fc.string({ unit: "binary", maxLength: 40 }),
    );
    const value = fc.oneof(
      anyText,
      fc.constantFrom("true", "0", "30s", "-1", "1e309", "NaN", "AES256", "etag", " "),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.object({ maxDepth: 1 }),
    );
    fc.assert(
      fc.property(key, fc.dictionary(key, value, { maxKeys: 6 }), value, (k, dict, v) => {
        onlyThrows(ConfigError, () => expect(typeof normalizeS3ConfigKey(k)).toBe("string"));
        onlyThrows(ConfigError, () => parseS3Config(dict));
        onlyThrows(ConfigError, () => parseClientOptions(dict));
        onlyThrows(ConfigError, () => parseRetryConfig(dict));
        onlyThrows(ConfigError, () => parseDuration(v as string | number));
        onlyThrows(ConfigError, () => parseBoolean(v as string));
      }),
      params,
    );
  });

  it("key encoding: any path is refused with InvalidPathError or signs to a URL that decodes back to it", async () => {
    const store = new S3Store({
      env: false,
      bucket: "fuzz-bucket",
      prefix: "pre fix",
      config: { region: "us-east-1", access_key_id: "AKIAFUZZ", secret_access_key: "fuzz" },
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          codeUnits,
          fc.constantFrom("a\uD800", "\uDC00/b", "ok/\uDBFF\uDBFF"),
          fc.string({ unit: "binary", maxLength: 60 }),
          fc
            .array(fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }), {
              minLength: 1,
              maxLength: 4,
            })
            .map((s) => s.join("/")),
        ),
        async (path) => {
          let url: string;
          try {
            url = await store.signUrl("GET", path, 60);
          } catch (error) {
            if (!(error instanceof InvalidPathError)) throw error;
            return;
          }
          const pathname = new URL(url).pathname;
          expect(pathname.startsWith("/fuzz-bucket/pre%20fix/")).toBe(true);
          // SigV4 wants every reserved character encoded except "/".
          expect(pathname).toMatch(/^[A-Za-z0-9\-._~%/]*$/);
          expect(decodeURIComponent(pathname.slice("/fuzz-bucket/".length))).toBe(
            `pre fix/${path}`,
          );
        },
      ),
      params,
    );
    await store.close();
  });
});

describe("fuzzing against servers", () => {
  let server: ScriptedServer;
  let store: S3Store;
  let body = "";

  beforeAll(async () => {
    server = await startScriptedServer((req, res) => {
      if (req.method === "PUT") {
        req.resume();
        return req.on("end", () => res.writeHead(200, { etag: '"p"' }).end());
      }
      if (req.method === "DELETE") return xml(res, req, 204, "");
      xml(res, req, 200, body);
    });
    store = new S3Store({
      env: false,
      bucket: "bucket",
      config: {
        endpoint: server.url,
        region: "us-east-1",
        access_key_id: "AKIAFUZZ",
        secret_access_key: "fuzz",
        allow_http: true,
      },
      clientOptions: { timeout: "5s" },
      retryConfig: { maxRetries: 1, backoff: { initBackoff: 1, maxBackoff: 2 } },
    });
  });

  afterAll(async () => {
    await store?.close();
    await server?.close();
  });

  const tag = fc.constantFrom(
    "ListBucketResult",
    "Contents",
    "Key",
    "Size",
    "LastModified",
    "ETag",
    "IsTruncated",
    "NextContinuationToken",
    "CommonPrefixes",
    "Prefix",
    "DeleteResult",
    "Deleted",
    "Error",
    "Code",
    "Message",
    "UploadId",
    "InitiateMultipartUploadResult",
    "CompleteMultipartUploadResult",
    "CopyObjectResult",
  );
  const text = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      "1",
      "-1",
      "1e400",
      "2024-01-01T00:00:00Z",
      "not a date",
      "true",
      "&amp;",
      "&#0;",
      "&bogus;",
      "<![CDATA[x]]>",
    ),
  );
  const element: fc.Memo<string> = fc.memo((depth) =>
    depth <= 1
      ? fc.tuple(tag, text).map(([t, x]) => `<${t}>${x}</${t}>`)
      : fc
          .tuple(tag, fc.array(element(depth - 1), { maxLength: 4 }), text)
          .map(([t, kids, x]) => `<${t}>${kids.join("")}${x}</${t}>`),
  );
  const document = fc.oneof(
    element(4),
    element(3).map((e) => `<?xml version="1.0"?>${e}`),
    fc.string({ unit: "binary", maxLength: 200 }),
    element(3).map((e) => e.slice(0, Math.floor(e.length / 2))),
  );

  it("random XML to list, delete, multipart and copy: a result or a typed error, never a hang", async () => {
    await fc.assert(
      fc.asyncProperty(
        document,
        fc.constantFrom("list", "delete", "multipart", "copy"),
        async (doc, op) => {
          body = doc;
          const run =
            op === "list"
              ? store.list().collect()
              : op === "delete"
                ? store.delete(["a", "b/c"])
                : op === "copy"
                  ? store.copy("a", "b")
                  : store.put("mp", new Uint8Array(16), { useMultipart: true });
          const error = await Promise.resolve(run).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (
            error !== undefined &&
            !(error instanceof ObjectStoreError || error instanceof HttpError)
          )
            throw error;
        },
      ),
      { ...params, numRuns: Math.ceil(runs / 2) },
    );
  });

  it("random UTF-8 keys round-trip through the real server: put, list, get", async () => {
    const bucket = await admin().createBucket("fuzz");
    const real = storeAt(testServer().endpoint, bucket);
    try {
      await fc.assert(
        fc.asyncProperty(
          fc
            .array(fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }), {
              minLength: 1,
              maxLength: 3,
            })
            .map((s) => s.join("/")),
          async (path) => {
            try {
              await real.put(path, path);
            } catch (error) {
              if (error instanceof InvalidPathError) return;
              throw error;
            }
            expect(await (await real.get(path)).text()).toBe(path);
            const listed = (await real.list().collect()).map((m) => m.path);
            expect(listed).toContain(path);
            await real.delete(path);
          },
        ),
        { ...params, numRuns: 25 },
      );
    } finally {
      await real.close();
      await admin().removeBucket(bucket);
    }
  });
});
