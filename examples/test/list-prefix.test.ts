import type { S3Store } from "@objstore/s3-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOneLevel, totalSize } from "../src/list-prefix.mjs";
import { createBucket, removeBucket, storeFor } from "./support/s3.js";

let bucket: string;
let store: S3Store;
beforeAll(async () => {
  bucket = await createBucket();
  store = storeFor(bucket);
  for (const path of ["logs/2026/01.txt", "logs/2026/02.txt", "logs/2025/12.txt", "logs/index"])
    await store.put(path, path);
  await store.put("other/x.txt", "not under logs");
});
afterAll(async () => {
  await store.close();
  await removeBucket(bucket);
});

describe("list-prefix.mjs", () => {
  it("counts every object and byte under a prefix, recursively", async () => {
    expect(await totalSize(store, "logs/2026")).toEqual({ objects: 2, bytes: 32 });
    expect(await totalSize(store, "logs")).toEqual({ objects: 4, bytes: 58 });
    expect(await totalSize(store, "nothing")).toEqual({ objects: 0, bytes: 0 });
  });

  it("lists one level like ls", async () => {
    expect(await listOneLevel(store, "logs")).toEqual(["logs/2025/", "logs/2026/", "logs/index"]);
    expect(await listOneLevel(store)).toEqual(["logs/", "other/"]);
  });
});
