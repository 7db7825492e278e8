import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { NotFoundError } from "@objstore/s3-store";
import { describe, expect, it } from "vitest";
import { downloadToFile } from "../src/download-to-disk.mjs";
import { useBucket } from "./support/s3.js";

const example = useBucket({ scratchDir: true });

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("download-to-disk.mjs", () => {
  it("writes the object to a file byte for byte", async () => {
    const content = randomBytes(7 * 1024 * 1024 + 11);
    await example.store.put("data/blob.bin", content);
    const file = join(example.dir, "blob.bin");
    const meta = await downloadToFile(example.store, "data/blob.bin", file);
    expect(meta.size).toBe(content.length);
    expect(sha256(await readFile(file))).toBe(sha256(content));
  });

  it("fails with NotFoundError for a missing object", async () => {
    await expect(
      downloadToFile(example.store, "data/missing.bin", join(example.dir, "x")),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("stops when the signal fires", async () => {
    await example.store.put("data/small.bin", randomBytes(1024));
    const controller = new AbortController();
    controller.abort();
    await expect(
      downloadToFile(
        example.store,
        "data/small.bin",
        join(example.dir, "aborted.bin"),
        controller.signal,
      ),
    ).rejects.toMatchObject({ name: "AbortError" });
  });
});
