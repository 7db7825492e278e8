// Stream an object to a file. Run: AWS_BUCKET=my-bucket node download-to-disk.mjs <path> <file>
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { S3Store } from "@objstore/s3-store";

/**
 * Writes the object at `path` to `file` chunk by chunk: nothing holds the whole object in
 * memory, and a connection that breaks mid-body is resumed from the byte where it stopped
 * (pinned to the same ETag, so a changed object fails instead of splicing two versions).
 *
 * @param {S3Store} store
 * @param {string} path
 * @param {string} file
 * @param {AbortSignal} [signal] cancels the download
 */
export async function downloadToFile(store, path, file, signal) {
  const result = await store.get(path, signal ? { signal } : {});
  // A GetResult is an async iterable of Uint8Array chunks, which pipeline() accepts as a source.
  await pipeline(result, createWriteStream(file), signal ? { signal } : {});
  return result.meta;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [path, file] = process.argv.slice(2);
  if (!path || !file) throw new Error("usage: node download-to-disk.mjs <path> <file>");
  const store = S3Store.fromEnv();
  const meta = await downloadToFile(store, path, file, AbortSignal.timeout(10 * 60_000));
  console.log(`${meta.path}: ${meta.size} bytes -> ${file}`);
  await store.close();
}
