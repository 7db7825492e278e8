import { beforeAll, describe, expect, it } from "vitest";
import { listOneLevel, totalSize } from "../src/list-prefix.mjs";
import { useBucket } from "./support/s3.js";

const example = useBucket();
beforeAll(async () => {
  for (const path of ["logs/2026/01.txt", "logs/2026/02.txt", "logs/2025/12.txt", "logs/index"])
    await example.store.put(path, path);
  await example.store.put("other/x.txt", "not under logs");
});

describe("list-prefix.mjs", () => {
  it("counts every object and byte under a prefix, recursively", async () => {
    expect(await totalSize(example.store, "logs/2026")).toEqual({ objects: 2, bytes: 32 });
    expect(await totalSize(example.store, "logs")).toEqual({ objects: 4, bytes: 58 });
    expect(await totalSize(example.store, "nothing")).toEqual({ objects: 0, bytes: 0 });
  });

  it("lists one level like ls", async () => {
    expect(await listOneLevel(example.store, "logs")).toEqual([
      "logs/2025/",
      "logs/2026/",
      "logs/index",
    ]);
    expect(await listOneLevel(example.store)).toEqual(["logs/", "other/"]);
  });
});
