import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NotFoundError, type S3Store } from "@objstore/s3-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadToFile } from "../src/download-to-disk.mjs";
import { createBucket, removeBucket, storeFor } from "./support/s3.js";

let bucket: string;
let store: S3Store;
let dir: string;
beforeAll(async () => {
  bucket = await createBucket();
  store = storeFor(bucket);
  dir = await mkdtemp(join(tmpdir(), "objstore-example-"));
});
afterAll(async () => {
  await store.close();
  await removeBucket(bucket);
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("download-to-disk.mjs", () => {
  it("writes the object to a file byte for byte", async () => {
    const content = randomBytes(7 * 1024 * 1024 + 11);
    await store.put("data/blob.bin", content);
    const file = join(dir, "blob.bin");
    const meta = await downloadToFile(store, "data/blob.bin", file);
    expect(meta.size).toBe(content.length);
    expect(sha256(await readFile(file))).toBe(sha256(content));
  });

  it("fails with NotFoundError for a missing object", async () => {
    await expect(downloadToFile(store, "data/missing.bin", join(dir, "x"))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("stops when the signal fires", async () => {
    await store.put("data/small.bin", randomBytes(1024));
    const controller = new AbortController();
    controller.abort();
    await expect(
      downloadToFile(store, "data/small.bin", join(dir, "aborted.bin"), controller.signal),
    ).rejects.toMatchObject({ name: "AbortError" });
  });
});
