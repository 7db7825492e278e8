import { createHash, randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { uploadFile } from "../src/upload-with-progress.mjs";
import { useBucket } from "./support/s3.js";

const example = useBucket({ scratchDir: true });

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("upload-with-progress.mjs", () => {
  it("uploads a 12 MiB file as parts, reporting rising progress up to the file size", async () => {
    const size = 12 * 1024 * 1024 + 321;
    const content = randomBytes(size);
    const file = join(example.dir, "big.bin");
    await writeFile(file, content);
    const reports: Array<[number, number]> = [];
    const result = await uploadFile(example.store, file, "uploads/big.bin", (done, total) =>
      reports.push([done, total]),
    );
    expect(result.eTag).toBeTruthy();
    // Three parts (5 + 5 + 2 MiB) acknowledged, then the final report.
    expect(reports.length).toBeGreaterThanOrEqual(4);
    expect(reports.every(([, total]) => total === size)).toBe(true);
    const done = reports.map(([d]) => d);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(size);
    const got = await example.store.get("uploads/big.bin");
    expect(got.meta.size).toBe(size);
    expect(sha256(await got.bytes())).toBe(sha256(content));
  });

  it("uploads a small file in one request", async () => {
    const file = join(example.dir, "small.txt");
    await writeFile(file, "small");
    const reports: number[] = [];
    await uploadFile(example.store, file, "uploads/small.txt", (done) => reports.push(done));
    expect(reports).toEqual([5]);
    expect(await (await example.store.get("uploads/small.txt")).text()).toBe("small");
  });
});
