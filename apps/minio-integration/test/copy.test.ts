import { createHash, randomBytes } from "node:crypto";
import { AlreadyExistsError, NotFoundError, type S3Store } from "@objstore/s3-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admin, has, storeFor, useBucket } from "./support/server.js";

const MiB = 1024 * 1024;
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

const bucket = useBucket("copy");
let store: S3Store;
const data = randomBytes(12 * MiB);

beforeAll(async () => {
  store = storeFor(bucket.name);
  await store.put("src/big.bin", data, {
    attributes: {
      contentType: "application/x-big",
      cacheControl: "no-cache",
      metadata: { k: "v" },
    },
  });
});

afterAll(async () => {
  await store.close();
});

describe("copy and rename", () => {
  it("copy a multipart object with its attributes and metadata", async () => {
    await store.copy("src/big.bin", "dst/big copy.bin");
    const got = await store.get("dst/big copy.bin");
    expect(got.meta.size).toBe(data.length);
    expect(got.attributes).toMatchObject({
      contentType: "application/x-big",
      cacheControl: "no-cache",
      metadata: { k: "v" },
    });
    expect(sha(await got.bytes())).toBe(sha(data));
  });

  it("copy overwrites an existing target by default", async () => {
    await store.put("dst/small.txt", "old");
    await store.put("src/small.txt", "new");
    await store.copy("src/small.txt", "dst/small.txt");
    expect(await (await store.get("dst/small.txt")).text()).toBe("new");
  });

  for (const setting of ["header:If-None-Match:*", "multipart"]) {
    it(`copy with overwrite: false (copy_if_not_exists=${setting})`, async (ctx) => {
      const s = storeFor(bucket.name, { config: { copy_if_not_exists: setting } });
      const target = `guarded/${setting.replace(/\W/g, "")}.bin`;
      await s.copy("src/small.txt", target, { overwrite: false });
      expect(await (await s.get(target)).text()).toBe("new");
      await s.put(target, "taken");
      const attempt = s.copy("src/big.bin", target, { overwrite: false });
      if (has(ctx, "conditionalCompleteAndCopy")) {
        await expect(attempt).rejects.toBeInstanceOf(AlreadyExistsError);
        expect(await (await s.get(target)).text()).toBe("taken");
      } else {
        // Ceph RGW ignores If-None-Match on CopyObject and CompleteMultipartUpload.
        await attempt;
        expect((await s.head(target)).size).toBe(data.length);
      }
      expect(await admin().listUploads(bucket.name)).toEqual([]);
      await s.close();
    });
  }

  it("rename moves the object: the target has it, the source is gone", async () => {
    await store.copy("src/big.bin", "ren/from.bin");
    await store.rename("ren/from.bin", "ren/to ü.bin");
    await expect(store.head("ren/from.bin")).rejects.toBeInstanceOf(NotFoundError);
    expect(sha(await (await store.get("ren/to ü.bin")).bytes())).toBe(sha(data));
  });

  it("copy and rename of a missing source are NotFoundError and create nothing", async () => {
    await expect(store.copy("src/missing", "dst/x")).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.rename("src/missing", "dst/y")).rejects.toBeInstanceOf(NotFoundError);
    expect((await store.list("dst").collect()).map((m) => m.path).sort()).toEqual([
      "dst/big copy.bin",
      "dst/small.txt",
    ]);
  });
});
