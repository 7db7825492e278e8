import { ConnectionError, HttpError } from "@objstore/http-client";
import { ObjectStoreError, type S3Store } from "@objstore/s3-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contentBytes,
  type FaultKind,
  type FaultProxy,
  type ProxiedCall,
  sha256,
  startFaultProxy,
} from "../src/index.js";
import { FAULT_CLIENT, FAULT_RETRY } from "./support/fault-config.js";
import { admin, storeAt, testServer } from "./support/server.js";

const MIB = 1024 * 1024;
let bucket: string;
let proxy: FaultProxy;
let store: S3Store;

beforeAll(async () => {
  bucket = await admin().createBucket("sched");
  proxy = await startFaultProxy({ upstream: testServer().endpoint });
  store = storeAt(proxy.url, bucket, { clientOptions: FAULT_CLIENT, retryConfig: FAULT_RETRY });
});

afterAll(async () => {
  await store?.close();
  await proxy?.close();
  if (bucket) await admin().removeBucket(bucket);
});

const on =
  (operation: ProxiedCall["operation"]) =>
  (c: ProxiedCall): boolean =>
    c.operation === operation;

async function faultsOf(kind: FaultKind, work: () => Promise<void>): Promise<number> {
  const before = proxy.stats.faults[kind] ?? 0;
  await work();
  expect(proxy.pendingFaults()).toBe(0);
  return (proxy.stats.faults[kind] ?? 0) - before;
}

async function roundTrip(path: string, size: number, version: number): Promise<void> {
  const data = contentBytes(version, size);
  await store.put(path, data);
  expect(sha256(await (await store.get(path)).bytes())).toBe(sha256(data));
}

describe("each fault, scheduled, is survived by retries and resumes", () => {
  it("connection refused: retried until the port opens again", async () => {
    const fresh = storeAt(proxy.url, bucket, {
      clientOptions: FAULT_CLIENT,
      retryConfig: FAULT_RETRY,
    });
    // Shorter than ten backoff sleeps of at least 20 ms each: the retries must outlast it.
    await Promise.all([proxy.refuseFor(120), fresh.put("refused.txt", "after the refusal")]);
    expect(await (await fresh.get("refused.txt")).text()).toBe("after the refusal");
    await fresh.close();
  });

  it("connection refused with no retries left: a ConnectionError naming ECONNREFUSED", async () => {
    const fresh = storeAt(proxy.url, bucket, { retryConfig: { maxRetries: 0 } });
    const [, error] = await Promise.all([
      proxy.refuseFor(300),
      fresh.put("refused-2.txt", "x").catch((e: unknown) => e),
    ]);
    await fresh.close();
    expect(error).toBeInstanceOf(ConnectionError);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).toContain("ECONNREFUSED");
  });

  it.each([
    ["reset-before-response", "put"],
    ["reset-mid-upload", "put"],
    ["status-500", "put"],
    ["status-503-slow-down", "put"],
    ["status-429", "put"],
    ["stall", "put"],
    ["reset-before-response", "head"],
    ["stall", "get"],
  ] as const)("%s on %s, twice in a row", async (kind, operation) => {
    const n = await faultsOf(kind, async () => {
      proxy.schedule({ kind, match: on(operation), times: 2 });
      await roundTrip(`burst/${kind}-${operation}.bin`, 256 * 1024, 11);
      expect((await store.head(`burst/${kind}-${operation}.bin`)).size).toBe(256 * 1024);
    });
    expect(n).toBe(2);
  });

  it.each(["reset-mid-download", "truncate-body", "stall-mid-body"] as const)(
    "%s on a 3 MiB get: resumed from where it broke, same bytes",
    async (kind) => {
      const data = contentBytes(21, 3 * MIB);
      await store.put(`download/${kind}.bin`, data);
      const resumes = proxy.stats.resumes;
      const n = await faultsOf(kind, async () => {
        proxy.schedule({ kind, match: on("get"), times: 2 });
        const got = await (await store.get(`download/${kind}.bin`)).bytes();
        expect(sha256(got)).toBe(sha256(data));
      });
      expect(n).toBe(2);
      expect(proxy.stats.resumes - resumes).toBe(2);
    },
  );

  it.each([
    ["completeMultipart", "error-body-200"],
    ["completeMultipart", "reset-mid-upload"],
    ["uploadPart", "reset-mid-upload"],
    ["uploadPart", "status-503-slow-down"],
    ["createMultipart", "status-500"],
    ["completeMultipart", "reset-before-response"],
  ] as const)("multipart upload with %s getting %s", async (operation, kind) => {
    const data = contentBytes(31, 12 * MIB);
    const n = await faultsOf(kind, async () => {
      proxy.schedule({ kind, match: on(operation), times: 2 });
      await store.put(`multipart/${operation}-${kind}.bin`, data, { useMultipart: true });
    });
    expect(n).toBe(2);
    const got = await (await store.get(`multipart/${operation}-${kind}.bin`)).bytes();
    expect(sha256(got)).toBe(sha256(data));
    expect(await admin().listUploads(bucket)).toEqual([]);
  });

  it("200 with an S3 <Error> body on CopyObject and DeleteObjects is retried", async () => {
    await store.put("copy/src.txt", "copy me");
    const copies = await faultsOf("error-body-200", async () => {
      proxy.schedule({ kind: "error-body-200", match: on("copy"), times: 2 });
      await store.copy("copy/src.txt", "copy/dst.txt");
    });
    expect(copies).toBe(2);
    expect(await (await store.get("copy/dst.txt")).text()).toBe("copy me");
    const deletes = await faultsOf("error-body-200", async () => {
      proxy.schedule({ kind: "error-body-200", match: on("deleteObjects"), times: 2 });
      await store.delete(["copy/src.txt", "copy/dst.txt"]);
    });
    expect(deletes).toBe(2);
    expect(await store.list("copy").collect()).toEqual([]);
  });

  it("a list whose body breaks is retried or fails typed, never half-parsed", async () => {
    for (let i = 0; i < 30; i++) await store.put(`listing/item-${i}`, "x");
    proxy.schedule({ kind: "truncate-body", match: on("list"), times: 1 });
    const result = await store
      .list("listing")
      .collect()
      .catch((e: unknown) => e);
    if (Array.isArray(result)) expect(result).toHaveLength(30);
    else expect(result instanceof ObjectStoreError || result instanceof HttpError).toBe(true);
    expect(await store.list("listing").collect()).toHaveLength(30);
  });

  it("retries exhausted: the last status surfaces as a typed error naming it", async () => {
    const few = storeAt(proxy.url, bucket, {
      clientOptions: FAULT_CLIENT,
      retryConfig: { ...FAULT_RETRY, maxRetries: 2 },
    });
    proxy.schedule({ kind: "status-503-slow-down", match: on("put"), times: 3 });
    const error = await few.put("exhausted.txt", "x").catch((e: unknown) => e);
    await few.close();
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect((error as ObjectStoreError).status).toBe(503);
    expect((error as ObjectStoreError).code).toBe("SlowDown");
  });

  it("a create-mode put reset after the server acted is not retried blindly: typed error", async () => {
    proxy.schedule({ kind: "reset-before-response", match: on("put") });
    const error = await store.put("create/once.txt", "one", { mode: "create" }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    // The server did write it: a second create says so.
    await expect(store.put("create/once.txt", "two", { mode: "create" })).rejects.toMatchObject({
      name: "AlreadyExistsError",
    });
  });

  it("duplicated slow deliveries of puts, parts, completes, copies and deletes leave the right data", async () => {
    const dup = (c: ProxiedCall) =>
      c.operation !== "get" && c.operation !== "head" && c.operation !== "list";
    const n = await faultsOf("duplicate-slow", async () => {
      proxy.schedule({ kind: "duplicate-slow", match: dup, times: 8 });
      const big = contentBytes(11, 6 * MIB);
      await store.put("dup/big.bin", big);
      await store.put("dup/create.txt", "first", { mode: "create" });
      await store.copy("dup/create.txt", "dup/copy.txt");
      await store.delete("dup/copy.txt");
      await store.put("dup/small.txt", "x");
      await store.put("dup/small.txt", "y");
      expect(sha256(await (await store.get("dup/big.bin")).bytes())).toBe(sha256(big));
      expect(await (await store.get("dup/create.txt")).text()).toBe("first");
      expect(await (await store.get("dup/small.txt")).text()).toBe("y");
      await expect(store.head("dup/copy.txt")).rejects.toBeInstanceOf(ObjectStoreError);
    });
    expect(n).toBe(8);
  });
});
