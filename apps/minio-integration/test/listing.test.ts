import type { S3Store } from "@objstore/s3-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeFor, useBucket } from "./support/server.js";

const COUNT = 2_500;
const pad = (n: number) => String(n).padStart(4, "0");
// Two keys per "directory": 1,250 common prefixes, more than one page of them.
const PATHS = Array.from({ length: COUNT }, (_, i) => `many/g${pad(Math.floor(i / 2))}/${pad(i)}`);

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

const bucket = useBucket("list");
let store: S3Store;

beforeAll(async () => {
  store = storeFor(bucket.name);
  await pool([...PATHS, "many/readme.txt", "many-more.txt"], 24, (p) => store.put(p, p));
});

afterAll(async () => {
  await store.close();
});

describe("2,500 keys", () => {
  it("lists every key in order across pages of the server's default size", async () => {
    const pages: number[] = [];
    const listed: string[] = [];
    for await (const page of store.list("many").pages()) {
      pages.push(page.length);
      listed.push(...page.map((m) => m.path));
    }
    expect(pages).toEqual([1000, 1000, 501]);
    expect(listed).toEqual([...PATHS, "many/readme.txt"]);
  });

  it("pages by chunkSize and reports sizes", async () => {
    const pages: number[] = [];
    for await (const page of store.list("many", { chunkSize: 700 }).pages()) {
      pages.push(page.length);
      for (const meta of page) expect(meta.size).toBe(Buffer.byteLength(meta.path));
    }
    expect(pages).toEqual([700, 700, 700, 401]);
  });

  it("starts after an offset, across pages", async () => {
    const after = await store.list("many", { offset: "many/g0999/1999" }).collect();
    expect(after.map((m) => m.path)).toEqual([...PATHS.slice(2000), "many/readme.txt"]);
    const between = await store.list("many", { offset: "many/g0500/1000x" }).collect();
    expect(between[0]?.path).toBe("many/g0500/1001");
    expect(await store.list("many", { offset: "many/zzz" }).collect()).toEqual([]);
  });

  it("lists with a delimiter over more than a page of common prefixes", async () => {
    const { commonPrefixes, objects } = await store.listWithDelimiter("many");
    expect(commonPrefixes).toHaveLength(COUNT / 2);
    expect(commonPrefixes[0]).toBe("many/g0000");
    expect(commonPrefixes.at(-1)).toBe(`many/g${pad(COUNT / 2 - 1)}`);
    expect(objects.map((o) => o.path)).toEqual(["many/readme.txt"]);
    const top = await store.listWithDelimiter();
    expect(top.commonPrefixes).toEqual(["many"]);
    expect(top.objects.map((o) => o.path)).toEqual(["many-more.txt"]);
    const leaf = await store.listWithDelimiter("many/g0007");
    expect(leaf).toMatchObject({ commonPrefixes: [] });
    expect(leaf.objects.map((o) => o.path)).toEqual(["many/g0007/0014", "many/g0007/0015"]);
  });

  it("a store with a prefix sees only its part, without the prefix", async () => {
    const scoped = storeFor(bucket.name, { prefix: "many/g0042" });
    expect((await scoped.list().collect()).map((m) => m.path)).toEqual(["0084", "0085"]);
    expect(await (await scoped.get("0085")).text()).toBe("many/g0042/0085");
    await scoped.close();
  });

  it("deletes all 2,500 keys (and a few missing ones) in one call", async () => {
    await store.delete([...PATHS, "many/never-existed", "nowhere/else"]);
    expect((await store.list().collect()).map((m) => m.path)).toEqual([
      "many-more.txt",
      "many/readme.txt",
    ]);
  });
});
