import { randomBytes } from "node:crypto";
import {
  InvalidPathError,
  NotFoundError,
  ObjectStoreError,
  PreconditionError,
  type S3Store,
} from "@objstore/s3-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeFor, useBucket } from "./support/server.js";

// Every character class that breaks naive key encoding: non-ASCII, spaces, the URL's own
// reserved characters, a literal "%20" that must not be decoded, and long paths.
const KEYS = [
  "unicode/日本語/ünïcödé ✓.txt",
  "unicode/🪣 emoji/🙂.bin",
  "spaces/a b  c/ lead and trail .txt",
  "reserved/+plus+/%percent%/=eq=/&amp&/?q?/#hash#/~tilde~.txt",
  "reserved/a+b%20c=d&e?f#g~h;i,j:k@l$m!n'o(p)q*r.txt",
  `deep/${Array.from({ length: 40 }, (_, i) => `level-${i}`).join("/")}/leaf.txt`,
  "dots/.hidden/..x/x.y.z",
];

const bucket = useBucket("keys");
let store: S3Store;

beforeAll(() => {
  store = storeFor(bucket.name);
});

afterAll(async () => {
  await store.close();
});

describe("keys with unicode, spaces and reserved characters", () => {
  it("put, head, get and list them exactly", async () => {
    for (const key of KEYS) await store.put(key, `content of ${key}`);
    for (const key of KEYS) {
      expect(await (await store.get(key)).text()).toBe(`content of ${key}`);
      expect((await store.head(key)).size).toBe(Buffer.byteLength(`content of ${key}`));
    }
    const listed = (await store.list().collect()).map((m) => m.path);
    expect(listed.sort()).toEqual([...KEYS].sort());
    expect((await store.list("reserved/+plus+/%percent%").collect()).map((m) => m.path)).toEqual([
      KEYS[3],
    ]);
  });

  it("list with a delimiter below such prefixes", async () => {
    expect((await store.listWithDelimiter("reserved")).commonPrefixes).toEqual(["reserved/+plus+"]);
    const unicode = await store.listWithDelimiter("unicode");
    expect(unicode.commonPrefixes).toEqual(["unicode/日本語", "unicode/🪣 emoji"]);
    expect((await store.listWithDelimiter("spaces/a b  c")).objects.map((o) => o.path)).toEqual([
      KEYS[2],
    ]);
  });

  it("list common prefixes in S3's order (UTF-8 bytes), the order list() uses", async () => {
    // "～" (U+FF5E) sorts before "😀" in UTF-8 but after it in UTF-16: a plain sort() disagrees.
    for (const dir of ["z", "😀", "～", "a"]) await store.put(`order/${dir}/x`, dir);
    const listed = (await store.list("order").collect()).map((m) => m.path.slice(0, -2));
    expect(listed).toEqual(["order/a", "order/z", "order/～", "order/😀"]);
    expect((await store.listWithDelimiter("order")).commonPrefixes).toEqual(listed);
    await store.delete(listed.map((p) => `${p}/x`));
  });

  it("copy, rename and delete them", async () => {
    for (const key of KEYS) {
      await store.copy(key, `copies/${key}`);
      await store.rename(`copies/${key}`, `moved/${key}`);
      expect(await (await store.get(`moved/${key}`)).text()).toBe(`content of ${key}`);
      await expect(store.head(`copies/${key}`)).rejects.toBeInstanceOf(NotFoundError);
    }
    await store.delete(KEYS.map((k) => `moved/${k}`));
    expect(await store.list("moved").collect()).toEqual([]);
  });

  it("a prefixed store maps them under its prefix", async () => {
    const scoped = storeFor(bucket.name, { prefix: "scoped/ä b+c" });
    await scoped.put(KEYS[4] as string, "scoped");
    expect((await scoped.list().collect()).map((m) => m.path)).toEqual([KEYS[4]]);
    expect(await (await store.get(`scoped/ä b+c/${KEYS[4]}`)).text()).toBe("scoped");
    await scoped.delete(KEYS[4] as string);
    await scoped.close();
  });

  it("refuses paths S3 cannot hold as given, before sending anything", async () => {
    for (const bad of ["a//b", "/a", "a/", "a/./b", "a/../b", "tab\there"])
      await expect(store.put(bad, "x")).rejects.toBeInstanceOf(InvalidPathError);
  });
});

describe("ranges", () => {
  const data = randomBytes(1000);
  const text = (b: Uint8Array) => Buffer.from(b).toString("hex");
  beforeAll(async () => {
    await store.put("range.bin", data);
  });

  it("reads every range form, clamped at the end of the object", async () => {
    const cases = [
      { range: { start: 0, end: 1 }, want: [0, 1] },
      { range: { start: 10, end: 20 }, want: [10, 20] },
      { range: { start: 990, end: 1000 }, want: [990, 1000] },
      { range: { start: 990, end: 5000 }, want: [990, 1000] },
      { range: { start: 0, end: 1000 }, want: [0, 1000] },
      { range: { offset: 0 }, want: [0, 1000] },
      { range: { offset: 999 }, want: [999, 1000] },
      { range: { suffix: 1 }, want: [999, 1000] },
      { range: { suffix: 1000 }, want: [0, 1000] },
      { range: { suffix: 5000 }, want: [0, 1000] },
    ] as const;
    for (const { range, want } of cases) {
      const got = await store.get("range.bin", { range });
      expect(got.range, JSON.stringify(range)).toEqual({ start: want[0], end: want[1] });
      expect(got.meta.size).toBe(1000);
      expect(text(await got.bytes()), JSON.stringify(range)).toBe(
        text(data.subarray(want[0], want[1])),
      );
    }
  });

  it("answers a range past the end with a typed 416 error", async () => {
    for (const range of [{ offset: 1000 }, { start: 1000, end: 1010 }, { offset: 5000 }]) {
      const err = await store.get("range.bin", { range }).catch((e: unknown) => e);
      expect(err, JSON.stringify(range)).toBeInstanceOf(ObjectStoreError);
      expect(err).toMatchObject({ status: 416, code: "InvalidRange", path: "range.bin" });
      expect((err as Error).message).toMatch(/^get "range.bin" failed/);
    }
    await expect(store.getRange("range.bin", { start: 2000, end: 3000 })).rejects.toMatchObject({
      status: 416,
    });
  });

  it("refuses nonsense ranges before sending anything", async () => {
    for (const range of [{ start: 5, end: 2 }, { start: -1, end: 2 }, { suffix: 0 }]) {
      await expect(store.get("range.bin", { range })).rejects.toBeInstanceOf(InvalidPathError);
    }
  });

  it("combines a range with a condition", async () => {
    const { eTag } = await store.head("range.bin");
    const got = await store.get("range.bin", { range: { suffix: 4 }, ifMatch: eTag as string });
    expect(text(await got.bytes())).toBe(text(data.subarray(996)));
    await expect(
      store.get("range.bin", {
        range: { suffix: 4 },
        ifMatch: '"00000000000000000000000000000000"',
      }),
    ).rejects.toBeInstanceOf(PreconditionError);
  });

  it("getRanges of a multi-MiB object: far ranges apart, near ones together, order kept", async () => {
    const big = randomBytes(5 * 1024 * 1024);
    await store.put("ranges.bin", big);
    const asked = [
      { start: 4_000_000, end: 4_000_100 },
      { start: 0, end: 10 },
      { start: 20, end: 30 },
      { start: 5 * 1024 * 1024 - 3, end: 5 * 1024 * 1024 },
      { start: 7, end: 7 },
    ];
    const got = await store.getRanges("ranges.bin", asked);
    expect(got.map(text)).toEqual(asked.map((r) => text(big.subarray(r.start, r.end))));
  });
});
