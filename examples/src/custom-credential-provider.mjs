// A credential source of your own: here, a JSON file a sidecar rewrites with short-lived keys.
// Run: AWS_BUCKET=my-bucket node custom-credential-provider.mjs /run/secrets/s3.json
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { S3Store } from "@objstore/s3-store";

/**
 * A `CredentialProvider` is one method, `getCredentials(signal?)`. The store wraps a provider in
 * a cache: it is asked again only shortly before the `expiration` it returned (never, for
 * credentials without one), and concurrent requests share a single call.
 *
 * @param {string} file JSON with accessKeyId, secretAccessKey, and optionally sessionToken and expiration (ISO date)
 * @returns {import("@objstore/credentials").CredentialProvider & { reads: number }}
 */
export function jsonFileProvider(file) {
  return {
    reads: 0,
    async getCredentials(signal) {
      this.reads++;
      const json = JSON.parse(await readFile(file, { encoding: "utf8", signal }));
      if (typeof json.accessKeyId !== "string" || typeof json.secretAccessKey !== "string") {
        // Name the file and the missing field, never the values: they are secrets.
        throw new Error(`${file} needs string fields accessKeyId and secretAccessKey`);
      }
      return {
        accessKeyId: json.accessKeyId,
        secretAccessKey: json.secretAccessKey,
        ...(json.sessionToken ? { sessionToken: json.sessionToken } : {}),
        ...(json.expiration ? { expiration: new Date(json.expiration) } : {}),
      };
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: node custom-credential-provider.mjs <credentials.json>");
  const provider = jsonFileProvider(file);
  const store = S3Store.fromProvider(provider, process.env.AWS_BUCKET ?? "");
  const { objects } = await store.listWithDelimiter();
  console.log(`${objects.length} objects at the top level; credentials read ${provider.reads}×`);
  await store.close();
}
