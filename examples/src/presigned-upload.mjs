// Let a client without credentials (a browser, another service) upload one object.
// Run: AWS_BUCKET=my-bucket node presigned-upload.mjs uploads/hello.txt
import { fileURLToPath } from "node:url";
import { S3Store } from "@objstore/s3-store";

/**
 * Server side: a URL that allows one PUT to `path` for `seconds`. Hand it to the client; it
 * holds no credentials and can write nothing else.
 *
 * @param {S3Store} store
 * @param {string} path
 * @param {number} [seconds]
 */
export function uploadUrlFor(store, path, seconds = 300) {
  return store.signUrl("PUT", path, seconds);
}

/**
 * Client side: what a browser would do with the URL, using nothing but `fetch`. Only headers
 * that were signed may be added, so send the body with no extra `x-amz-*` headers.
 *
 * @param {string} url
 * @param {Blob | Uint8Array | string} body
 */
export async function uploadWithFetch(url, body) {
  const res = await fetch(url, { method: "PUT", body });
  if (!res.ok) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return res.headers.get("etag");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = process.argv[2] ?? "uploads/hello.txt";
  const store = S3Store.fromEnv();
  const url = await uploadUrlFor(store, path);
  const eTag = await uploadWithFetch(url, new Blob(["Hello from a presigned URL!\n"]));
  console.log(`uploaded ${path} through a presigned URL, ETag ${eTag}`);
  await store.close();
}
