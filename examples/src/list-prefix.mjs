// List what is under a prefix. Run: AWS_BUCKET=my-bucket node list-prefix.mjs [prefix]
import { fileURLToPath } from "node:url";
import { S3Store } from "@objstore/s3-store";

/**
 * Every object under `prefix` (recursively), fetched lazily one page of up to 1,000 at a time:
 * stop iterating and no further page is requested.
 *
 * @param {S3Store} store
 * @param {string} prefix
 */
export async function totalSize(store, prefix) {
  let objects = 0;
  let bytes = 0;
  for await (const meta of store.list(prefix)) {
    objects++;
    bytes += meta.size;
  }
  return { objects, bytes };
}

/**
 * One level of a prefix, like `ls`: the "directories" right below it and the objects in it.
 *
 * @param {S3Store} store
 * @param {string} [prefix]
 */
export async function listOneLevel(store, prefix) {
  const { commonPrefixes, objects } = await store.listWithDelimiter(prefix);
  return [...commonPrefixes.map((p) => `${p}/`), ...objects.map((o) => o.path)];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const prefix = process.argv[2];
  const store = S3Store.fromEnv();
  for (const entry of await listOneLevel(store, prefix)) console.log(entry);
  const { objects, bytes } = await totalSize(store, prefix ?? "");
  console.log(`${objects} objects, ${bytes} bytes under "${prefix ?? ""}"`);
  await store.close();
}
