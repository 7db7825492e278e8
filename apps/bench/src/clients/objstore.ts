import { S3Store } from "@objstore/s3-store";
import { type BenchClient, countBytes, type Target } from "./client.js";

/** An `S3Store` for a bench target, configured the way its README shows. */
export function storeFor(target: Target): S3Store {
  return new S3Store({
    bucket: target.bucket,
    env: false,
    config: {
      endpoint: target.endpoint,
      region: target.region,
      access_key_id: target.accessKeyId,
      secret_access_key: target.secretAccessKey,
      allow_http: true,
    },
  });
}

/** objstore's `S3Store` as a bench client. */
export function openObjstore(target: Target): BenchClient {
  const store = storeFor(target);
  return {
    getBytes: async (key) => (await (await store.get(key)).bytes()).length,
    getStream: async (key) => countBytes(await store.get(key)),
    getRange: async (key, start, end) => (await store.getRange(key, { start, end })).length,
    head: async (key) => (await store.head(key)).size,
    put: async (key, body) => {
      await store.put(key, body);
    },
    list: async (prefix) => {
      let n = 0;
      // objstore prefixes are whole path segments: "list" lists "list/…".
      for await (const page of store.list(prefix.replace(/\/$/, "")).pages()) n += page.length;
      return n;
    },
    multipartUpload: async (key, body, _size, partSize, concurrency) => {
      await store.put(key, body, { chunkSize: partSize, maxConcurrency: concurrency });
    },
    close: () => store.close(),
  };
}
