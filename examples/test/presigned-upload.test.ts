import { describe, expect, it } from "vitest";
import { uploadUrlFor, uploadWithFetch } from "../src/presigned-upload.mjs";
import { useBucket } from "./support/s3.js";

const example = useBucket();

describe("presigned-upload.mjs", () => {
  it("uploads with plain fetch and no credentials", async () => {
    const url = await uploadUrlFor(example.store, "uploads/from browser.txt", 60);
    expect(url).toContain("X-Amz-Signature=");
    const eTag = await uploadWithFetch(url, new Blob(["hello from fetch"]));
    expect(eTag).toBeTruthy();
    expect(await (await example.store.get("uploads/from browser.txt")).text()).toBe(
      "hello from fetch",
    );
  });

  it("is refused for any other path", async () => {
    const url = await uploadUrlFor(example.store, "uploads/allowed.txt", 60);
    const other = url.replace("allowed.txt", "other.txt");
    await expect(uploadWithFetch(other, "sneaky")).rejects.toThrow(/upload failed: 403/);
    expect((await example.store.list("uploads").collect()).map((m) => m.path)).not.toContain(
      "uploads/other.txt",
    );
  });
});
