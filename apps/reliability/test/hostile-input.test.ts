import { ConfigError } from "@objstore/config-keys";
import { InvalidPathError, NotSupportedError, S3Store } from "@objstore/s3-store";
import { SigningError } from "@objstore/signer";
import { UrlParseError } from "@objstore/url-parser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ScriptedServer, startScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer;
let store: S3Store;

beforeAll(async () => {
  server = await startScriptedServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { etag: '"e"' }).end());
  });
  store = storeFor();
});

afterEach(() => {
  // Bad input is refused before anything goes on the wire.
  const seen = server.seen.splice(0);
  expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([]);
});

afterAll(async () => {
  await store?.close();
  await server?.close();
});

function storeFor(config: Record<string, unknown> = {}, bucket = "hostile-bucket") {
  return new S3Store({
    env: false,
    bucket,
    config: {
      endpoint: server.url,
      region: "us-east-1",
      access_key_id: "AKIAHOSTILE000000001",
      secret_access_key: "hostile-input-secret",
      allow_http: true,
      ...config,
    },
  });
}

const BAD_PATHS: [string, RegExp][] = [
  ["..", /'\.\.' segments/],
  ["a/../b", /'\.\.' segments/],
  ["./a", /'\.' segments/],
  ["a//b", /empty segment/],
  ["", /empty/],
  ["/a", /leading '\/'/],
  ["a/", /trailing '\/'/],
  ["a\u0000b", /U\+0000/],
  ["a\rb", /U\+000d/],
  ["a\u007fb", /U\+007f/],
  ["x".repeat(1025), /1025 bytes long; S3 allows 1024/],
  ["é".repeat(513), /1026 bytes long/],
  ["a\uD800b", /unpaired surrogate U\+d800/],
  ["\uDFFF", /unpaired surrogate U\+dfff/],
];

describe("bad input gets a clear typed error and sends nothing", () => {
  it.each(BAD_PATHS)("path %j", async (path, why) => {
    for (const op of [
      () => store.put(path, "x"),
      () => store.get(path),
      () => store.head(path),
      () => store.delete(path),
      () => store.copy("ok", path),
      () => store.signUrl("GET", path, 60),
      () => store.createMultipartUpload(path),
    ]) {
      const error = await Promise.resolve()
        .then((): Promise<unknown> => op())
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidPathError);
      expect((error as Error).message).toMatch(why);
    }
  });

  it("a key of exactly 1024 bytes is fine", async () => {
    const url = await store.signUrl("GET", "k".repeat(1024), 60);
    expect(url).toContain("k".repeat(1024));
  });

  it.each([
    ["", /no bucket given/],
    ["ab", /3 to 63 characters/],
    ["Upper", /lowercase/],
    ["a_b", /found "_"/],
    ["a..b", /adjacent periods/],
    ["-ab", /start and end/],
    ["10.0.0.1", /IP address/],
    ["b/evil", /found "\/"/],
    ["bucket\u0000", /found/],
  ])("bucket name %j", (bucket, why) => {
    expect(() => storeFor({}, bucket)).toThrow(ConfigError);
    expect(() => storeFor({}, bucket)).toThrow(why);
  });

  it.each([
    ["not a url", /not an absolute URL/],
    ["s3://", /no bucket/],
    ["ftp://bucket/key", /scheme "ftp"/],
    ["http://[::1", /not an absolute URL/],
    ["s3://bu..cket/x", /adjacent periods/],
    ["s3://AKIAEXAMPLE:hunter2@bucket/prefix", /credentials in a URL are refused/],
    ["https://user:hunter2@bucket.s3.amazonaws.com/k", /credentials in a URL are refused/],
  ])("URL %j", (url, why) => {
    const error = (() => {
      try {
        S3Store.fromUrl(url, { env: false });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UrlParseError);
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).not.toContain("hunter2");
  });

  it.each([
    [
      { secret_acess_key: "x" },
      /unknown S3 config key "secret_acess_key"; did you mean "secret_access_key"/,
    ],
    [{ allow_http: "maybe" }, /invalid boolean "maybe" for "allow_http"/],
    [{ checksum_algorithm: "md5" }, /"checksum_algorithm": expected one of/],
    [{ endpoint: "not a url" }, /invalid URL for "endpoint"/],
    [{ server_side_encryption: "sse-c" }, /needs "sse_customer_key_base64"/],
    [{ conditional_put: "sometimes" }, /conditional_put/],
  ])("config %j", (config, why) => {
    expect(() => storeFor(config)).toThrow(ConfigError);
    expect(() => storeFor(config)).toThrow(why);
  });

  it.each([
    [{ timeout: "forever" }, undefined, /timeout/],
    [{ connect_timeout: -5 }, undefined, /connect_timeout/],
    [{ no_such_option: 1 }, undefined, /no_such_option/],
    [undefined, { maxRetries: -1 }, /maxRetries|max_retries/],
    [undefined, { backoff: { base: "fast" } }, /base/],
  ])("client options %j / retry config %j", (clientOptions, retryConfig, why) => {
    const build = () =>
      new S3Store({
        env: false,
        bucket: "hostile-bucket",
        config: {
          endpoint: server.url,
          region: "us-east-1",
          skip_signature: true,
          allow_http: true,
        },
        ...(clientOptions ? { clientOptions } : {}),
        ...(retryConfig ? { retryConfig } : {}),
      });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(why);
  });

  it.each([
    [{ start: -1, end: 5 }, /non-negative integers/],
    [{ start: 5, end: 2 }, /end \(2\) must be greater than start \(5\)/],
    [{ start: 3, end: 3 }, /must be greater/],
    [{ start: 1.5, end: 3 }, /non-negative integers/],
    [{ start: 0, end: Number.POSITIVE_INFINITY }, /non-negative integers/],
    [{ start: Number.NaN, end: 1 }, /non-negative integers/],
  ])("range %j", async (range, why) => {
    await expect(store.getRange("obj", range)).rejects.toThrow(why);
    await expect(store.getRange("obj", range)).rejects.toBeInstanceOf(InvalidPathError);
    if (range.end !== range.start)
      await expect(store.getRanges("obj", [{ start: 0, end: 1 }, range])).rejects.toThrow(why);
  });

  it.each([
    [{ offset: -1 }, /offset must be a non-negative integer/],
    [{ suffix: 0 }, /suffix must be a positive integer/],
    [{ suffix: -5 }, /suffix must be a positive integer/],
  ])("get range %j", async (range, why) => {
    await expect(store.get("obj", { range })).rejects.toThrow(why);
  });

  it.each([0, -1, 604_801, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "presign expiry %d seconds",
    async (seconds) => {
      const error = await store.signUrl("GET", "a", seconds).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SigningError);
      expect((error as Error).message).toMatch(/between 1 and 604800/);
    },
  );

  it("presign expiry bounds themselves are fine", async () => {
    expect(await store.signUrl("GET", "a", 1)).toContain("X-Amz-Expires=1&");
    expect(await store.signUrl("GET", "a", 604_800)).toContain("X-Amz-Expires=604800&");
  });

  it("a part size under S3's 5 MiB minimum is refused", async () => {
    await expect(store.put("a", "b", { chunkSize: 1024 })).rejects.toBeInstanceOf(
      NotSupportedError,
    );
  });

  it("plain http without allow_http is refused, naming the option", async () => {
    const strict = storeFor({ allow_http: false });
    const error = await strict.put("a", "b").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/allow_http/);
    await strict.close();
  });
});
