import { staticProvider } from "@objstore/credentials";
import { S3Signer } from "@objstore/signer";
import type { Target } from "./clients/client.js";
import { storeFor } from "./clients/objstore.js";
import { listKey } from "./null-server.js";
import { patternBytes } from "./pattern.js";
import { largeKey, type Plan, RANGED_KEY, SMALL_KEY } from "./scenarios.js";

/**
 * The real S3 server of the integration harness, from `S3_TEST_ENDPOINT`,
 * `S3_TEST_ACCESS_KEY_ID`, `S3_TEST_SECRET_ACCESS_KEY` and `S3_TEST_REGION`; undefined when the
 * endpoint is not set.
 *
 * @example
 * ```ts
 * const target = realServerTarget(process.env);
 * ```
 */
export function realServerTarget(env: NodeJS.ProcessEnv): Target | undefined {
  if (!env.S3_TEST_ENDPOINT) return undefined;
  return {
    endpoint: env.S3_TEST_ENDPOINT.replace(/\/+$/, ""),
    bucket: env.OBJSTORE_BENCH_BUCKET ?? `objstore-bench-${Date.now().toString(36)}`,
    region: env.S3_TEST_REGION ?? "us-east-1",
    accessKeyId: env.S3_TEST_ACCESS_KEY_ID ?? "",
    secretAccessKey: env.S3_TEST_SECRET_ACCESS_KEY ?? "",
  };
}

/**
 * Creates the bucket (a 409 for one that exists is fine) and the objects the scenarios read:
 * the 1 KiB object, the object ranged GETs read, the large object and `plan.listKeys` keys.
 */
export async function prepareRealServer(target: Target, plan: Plan): Promise<void> {
  const signer = new S3Signer({
    region: target.region,
    credentials: staticProvider({
      accessKeyId: target.accessKeyId,
      secretAccessKey: target.secretAccessKey,
    }),
  });
  const signed = await signer.sign({ method: "PUT", url: `${target.endpoint}/${target.bucket}` });
  const res = await fetch(signed.url, { method: "PUT", headers: signed.headers });
  if (!res.ok && res.status !== 409) {
    throw new Error(`creating bucket ${target.bucket} failed: ${res.status} ${await res.text()}`);
  }
  const store = storeFor(target);
  try {
    await store.put(SMALL_KEY, patternBytes(1024));
    await store.put(RANGED_KEY, patternBytes(16 * 1024 * 1024));
    await store.put(largeKey(plan), patternBytes(plan.largeGetBytes), {
      chunkSize: 16 * 1024 * 1024,
    });
    const empty = new Uint8Array(0);
    let next = 0;
    const worker = async () => {
      while (next < plan.listKeys) {
        const i = next++;
        await store.put(listKey(i), empty);
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
  } finally {
    await store.close();
  }
}
