import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { S3Store } from "@objstore/s3-store";
import { describe, expect, it } from "vitest";
import { jsonFileProvider } from "../src/custom-credential-provider.mjs";
import { testServer, useBucket } from "./support/s3.js";

const example = useBucket({ scratchDir: true });

function storeWith(provider: ReturnType<typeof jsonFileProvider>): S3Store {
  const s = testServer();
  return S3Store.fromProvider(provider, example.bucket, {
    env: false,
    config: { endpoint: s.endpoint, region: s.region, allow_http: true },
  });
}

describe("custom-credential-provider.mjs", () => {
  it("signs with the file's keys, reading the file once while they are valid", async () => {
    const s = testServer();
    const file = join(example.dir, "creds.json");
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    await writeFile(
      file,
      JSON.stringify({
        accessKeyId: s.accessKeyId,
        secretAccessKey: s.secretAccessKey,
        expiration,
      }),
    );
    const provider = jsonFileProvider(file);
    const store = storeWith(provider);
    await Promise.all([store.put("a.txt", "a"), store.put("b.txt", "b"), store.put("c.txt", "c")]);
    expect((await store.list().collect()).map((m) => m.path)).toEqual(["a.txt", "b.txt", "c.txt"]);
    expect(provider.reads).toBe(1);
    await store.close();
  });

  it("names the file but never the secret when the file is malformed", async () => {
    const file = join(example.dir, "bad.json");
    await writeFile(file, JSON.stringify({ accessKeyId: "AKIAEXAMPLE", secret: "hunter2-secret" }));
    const store = storeWith(jsonFileProvider(file));
    const error = await store.put("x.txt", "x").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const text = `${(error as Error).message} ${String((error as Error).cause)}`;
    expect(text).toContain("bad.json");
    expect(text).not.toContain("hunter2-secret");
    await store.close();
  });
});
