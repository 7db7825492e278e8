// Upload a file, printing progress. Run: AWS_BUCKET=my-bucket node upload-with-progress.mjs <file> [path]
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { S3Store } from "@objstore/s3-store";

/**
 * Streams `file` to `path`. Files above `chunkSize` (5 MiB here) go as a multipart upload, parts
 * sent 4 at a time, with `onProgress` called as each part is acknowledged; memory stays at about
 * chunkSize × (maxConcurrency + 1) whatever the file size. A failure aborts the upload, leaving
 * no parts behind.
 *
 * @param {S3Store} store
 * @param {string} file
 * @param {string} path
 * @param {(done: number, total: number) => void} [report]
 */
export async function uploadFile(store, file, path, report = () => {}) {
  const { size } = await stat(file);
  const result = await store.put(path, createReadStream(file), {
    chunkSize: 5 * 1024 * 1024,
    maxConcurrency: 4,
    attributes: { contentType: "application/octet-stream" },
    onProgress: ({ bytesUploaded }) => report(bytesUploaded, size),
  });
  report(size, size);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, path = basename(file ?? "")] = process.argv.slice(2);
  if (!file) throw new Error("usage: node upload-with-progress.mjs <file> [path]");
  const store = S3Store.fromEnv();
  const { eTag } = await uploadFile(store, file, path, (done, total) =>
    process.stdout.write(`\r${path}: ${((100 * done) / total).toFixed(0)} %`),
  );
  console.log(`\nuploaded, ETag ${eTag}`);
  await store.close();
}
