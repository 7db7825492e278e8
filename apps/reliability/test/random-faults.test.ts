import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type FaultProxy,
  runWorkload,
  startFaultProxy,
  verifyStore,
  WorkloadModel,
} from "../src/index.js";
import { settledDescriptors } from "./support/descriptors.js";
import { FAULT_CLIENT, FAULT_RETRY } from "./support/fault-config.js";
import { admin, storeAt, testServer } from "./support/server.js";

const MIB = 1024 * 1024;
// OBJSTORE_SOAK=1: thousands of operations and several 50+ MiB uploads (minutes, not seconds).
const soak = process.env.OBJSTORE_SOAK === "1";
const seed = Number(process.env.OBJSTORE_FAULT_SEED ?? 20_240_601);
const plan = soak
  ? {
      workers: 16,
      opsPerWorker: 250,
      pathsPerWorker: 16,
      multipartSizes: [64 * MIB, 96 * MIB, 52 * MIB, 80 * MIB],
    }
  : { workers: 8, opsPerWorker: 60, pathsPerWorker: 10, multipartSizes: [24 * MIB, 48 * MIB] };
const faultRate = Number(process.env.OBJSTORE_FAULT_RATE ?? 0.08);

let bucket: string;
let proxy: FaultProxy | undefined;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  bucket = await admin().createBucket("random");
  process.on("unhandledRejection", onUnhandled);
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await proxy?.close();
  if (bucket) await admin().removeBucket(bucket);
});

it(`seeded mixed workload under random faults (seed ${seed}, rate ${faultRate}${soak ? ", soak" : ""}) loses nothing`, {
  timeout: soak ? 3_600_000 : 180_000,
}, async () => {
  const fdBaseline = await settledDescriptors();
  const started = Date.now();
  proxy = await startFaultProxy({
    upstream: testServer().endpoint,
    seed,
    faultRate,
    // Stalls cost a read timeout each: rarer than the rest.
    weights: {
      refuse: 2,
      "reset-before-response": 3,
      "reset-mid-upload": 3,
      "reset-mid-download": 3,
      "truncate-body": 3,
      "status-500": 3,
      "status-503-slow-down": 3,
      "status-429": 2,
      "error-body-200": 6,
      stall: 1,
      "stall-mid-body": 1,
    },
  });
  const store = storeAt(proxy.url, bucket, {
    clientOptions: FAULT_CLIENT,
    retryConfig: FAULT_RETRY,
  });
  const model = new WorkloadModel();
  const report = await runWorkload(store, model, { seed, ...plan });
  proxy.setFaultRate(0);
  const verified = await verifyStore(store, model);
  const uploads = await admin().listUploads(bucket);
  const stats = proxy.stats;
  await store.close();
  await proxy.close();
  proxy = undefined;
  const fdAfter = await settledDescriptors(fdBaseline);
  const injected = Object.values(stats.faults).reduce((a, b) => a + b, 0);

  console.log(
    [
      `reliability: seed ${seed}, ${report.operations} operations (${JSON.stringify(report.byOp)})`,
      `  ${stats.requests} HTTP requests through the fault proxy, ${injected} faults injected: ${JSON.stringify(stats.faults)}`,
      `  ${stats.resumes} download resumes; ${stats.requests - report.operations} requests beyond one per operation (retries, resumes, multipart parts)`,
      `  ${report.succeeded} succeeded, ${Object.values(report.expected).reduce((a, b) => a + b, 0)} expected errors ${JSON.stringify(report.expected)}, failures surfaced (typed): ${JSON.stringify(report.failures)}`,
      `  untyped failures ${report.untyped.length}, hung ${report.hung.length}, data mismatches ${report.mismatches.length + verified.mismatches.length}`,
      `  ${(report.bytesWritten / MIB).toFixed(1)} MiB written, ${((report.bytesVerified + verified.bytes) / MIB).toFixed(1)} MiB read back and checked; final read-back ${verified.objects} objects`,
      `  multipart uploads left: ${uploads.length}; unhandled rejections: ${unhandled.length}; fds ${fdBaseline} -> ${fdAfter}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ].join("\n"),
  );

  expect(report.untyped).toEqual([]);
  expect(report.hung).toEqual([]);
  expect(report.mismatches).toEqual([]);
  expect(verified.mismatches).toEqual([]);
  expect(uploads).toEqual([]);
  expect(unhandled).toEqual([]);
  expect(stats.upstreamErrors).toBe(0);
  if (fdBaseline !== undefined) expect(fdAfter).toBe(fdBaseline);
  // The run must actually have been hostile, and the store must mostly have got through.
  expect(injected).toBeGreaterThan(report.operations * faultRate * 0.5);
  const answered = report.succeeded + Object.values(report.expected).reduce((a, b) => a + b, 0);
  expect(answered).toBeGreaterThan(report.operations * 0.9);
  expect(verified.objects).toBeGreaterThan(0);
});
