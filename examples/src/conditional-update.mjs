// Optimistic concurrency: read, change, write back only if nobody wrote in between.
// Run: AWS_BUCKET=my-bucket node conditional-update.mjs counters/visits.json
import { fileURLToPath } from "node:url";
import { NotFoundError, PreconditionError, S3Store } from "@objstore/s3-store";

/**
 * Applies `change` to the JSON document at `path` with compare-and-swap: each write carries the
 * ETag it read (`mode: { eTag }` sends `If-Match`), so a concurrent writer makes it fail with
 * PreconditionError and the loop re-reads and tries again. A missing document is created with
 * `mode: "create"` (`If-None-Match: *`), which fails with AlreadyExistsError if another writer
 * created it first (that error is not retried here: it is a real conflict on creation).
 *
 * Works on AWS S3 and MinIO. Ceph RGW 16.2 compares If-Match only with an unquoted ETag, so on it
 * every update fails with PreconditionError.
 *
 * @template T
 * @param {S3Store} store
 * @param {string} path
 * @param {(current: T | undefined) => T | Promise<T>} change
 * @param {{ attempts?: number }} [options]
 * @returns {Promise<{ value: T, attempts: number }>}
 */
export async function updateJson(store, path, change, { attempts = 10 } = {}) {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let current;
    let eTag;
    try {
      const got = await store.get(path);
      current = JSON.parse(await got.text());
      eTag = got.meta.eTag;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    const value = await change(current);
    const body = JSON.stringify(value);
    try {
      await store.put(path, body, {
        mode: eTag ? { eTag } : "create",
        attributes: { contentType: "application/json" },
      });
      return { value, attempts: attempt };
    } catch (error) {
      // Someone else wrote first: read their version and apply the change to it.
      if (!(error instanceof PreconditionError) || attempt === attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
  throw new Error("unreachable: the last attempt returns or throws");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = process.argv[2] ?? "counters/visits.json";
  const store = S3Store.fromEnv();
  const { value, attempts } = await updateJson(store, path, (/** @type {any} */ doc) => ({
    visits: (doc?.visits ?? 0) + 1,
  }));
  console.log(`${path} is now ${JSON.stringify(value)} (after ${attempts} attempt(s))`);
  await store.close();
}
