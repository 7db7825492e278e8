import { NotFoundError, type S3Store } from "@objstore/s3-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeFor, testServer, useBucket } from "./support/server.js";

const bucket = useBucket("presign");
let store: S3Store;

beforeAll(() => {
  store = storeFor(bucket.name);
});

afterAll(async () => {
  await store.close();
});

describe("presigned URLs used with plain fetch", () => {
  it("GET, HEAD, PUT and DELETE", async () => {
    const putUrl = await store.signUrl("PUT", "via url/ü+x.txt", 60);
    expect(putUrl.startsWith(`${testServer().endpoint}/${bucket.name}/`)).toBe(true);
    const put = await fetch(putUrl, { method: "PUT", body: "uploaded with fetch" });
    expect(put.status).toBe(200);
    expect(await (await store.get("via url/ü+x.txt")).text()).toBe("uploaded with fetch");

    const get = await fetch(await store.signUrl("GET", "via url/ü+x.txt", 60));
    expect(get.status).toBe(200);
    expect(await get.text()).toBe("uploaded with fetch");

    const head = await fetch(await store.signUrl("HEAD", "via url/ü+x.txt", 60), {
      method: "HEAD",
    });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("19");

    const del = await fetch(await store.signUrl("DELETE", "via url/ü+x.txt", 60), {
      method: "DELETE",
    });
    expect(del.status).toBe(204);
    await expect(store.head("via url/ü+x.txt")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("work for keys with reserved characters, and a Range header may be added", async () => {
    const key = "a+b%20c=d&e?f#g~h/日本.txt";
    await store.put(key, "0123456789");
    const url = await store.signUrl("GET", key, 60);
    const res = await fetch(url, { headers: { range: "bytes=2-4" } });
    expect(res.status).toBe(206);
    expect(await res.text()).toBe("234");
  });

  it("from a prefixed store, point under its prefix", async () => {
    const scoped = storeFor(bucket.name, { prefix: "tenant/7" });
    const put = await fetch(await scoped.signUrl("PUT", "doc.txt", 60), {
      method: "PUT",
      body: "scoped",
    });
    expect(put.status).toBe(200);
    expect(await (await store.get("tenant/7/doc.txt")).text()).toBe("scoped");
    expect(await (await fetch(await scoped.signUrl("GET", "doc.txt", 60))).text()).toBe("scoped");
    await scoped.close();
  });

  it("grant one method on one path only", async () => {
    await store.put("only-this.txt", "x");
    const url = new URL(await store.signUrl("GET", "only-this.txt", 60));
    const other = new URL(url);
    other.pathname = other.pathname.replace("only-this.txt", "another.txt");
    expect((await fetch(other)).status).toBe(403);
    expect((await fetch(url, { method: "DELETE" })).status).toBe(403);
    expect((await store.head("only-this.txt")).size).toBe(1);
  });

  it("stop working once expired", async () => {
    await store.put("short-lived.txt", "soon gone");
    const url = await store.signUrl("GET", "short-lived.txt", 2);
    const signedAt = Date.now();
    const fresh = await fetch(url);
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toBe("soon gone");
    // X-Amz-Date has one-second resolution: wait past expiry with a second to spare.
    await new Promise((r) => setTimeout(r, Math.max(0, signedAt + 3_500 - Date.now())));
    const stale = await fetch(url);
    expect(stale.status).toBe(403);
    expect(await stale.text()).toMatch(/AccessDenied|expired/i);
  });
});
