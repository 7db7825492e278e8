import type { S3Store } from "@objstore/s3-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadUrlFor, uploadWithFetch } from "../src/presigned-upload.mjs";
import { createBucket, removeBucket, storeFor } from "./support/s3.js";

let bucket: string;
let store: S3Store;
beforeAll(async () => {
  bucket = await createBucket();
  store = storeFor(bucket);
});
afterAll(async () => {
  await store.close();
  await removeBucket(bucket);
});

describe("presigned-upload.mjs", () => {
  it("uploads with plain fetch and no credentials", async () => {
    const url = await uploadUrlFor(store, "uploads/from browser.txt", 60);
    expect(url).toContain("X-Amz-Signature=");
    const eTag = await uploadWithFetch(url, new Blob(["hello from fetch"]));
    expect(eTag).toBeTruthy();
    expect(await (await store.get("uploads/from browser.txt")).text()).toBe("hello from fetch");
  });

  it("is refused for any other path", async () => {
    const url = await uploadUrlFor(store, "uploads/allowed.txt", 60);
    const other = url.replace("allowed.txt", "other.txt");
    await expect(uploadWithFetch(other, "sneaky")).rejects.toThrow(/upload failed: 403/);
    expect((await store.list("uploads").collect()).map((m) => m.path)).not.toContain(
      "uploads/other.txt",
    );
  });
});
