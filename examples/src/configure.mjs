// Three ways to build a store. Run: AWS_BUCKET=my-bucket node configure.mjs
// (plus AWS_ENDPOINT_URL, AWS_ALLOW_HTTP=true, … for a server other than AWS).
import { fileURLToPath } from "node:url";
import { S3Store } from "@objstore/s3-store";

/**
 * From `AWS_*` environment variables: AWS_BUCKET, AWS_REGION, AWS_ENDPOINT_URL,
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ALLOW_HTTP, … (`env` defaults to process.env).
 *
 * @param {Record<string, string | undefined>} [env]
 */
export function storeFromEnv(env = process.env) {
  return S3Store.fromEnv(undefined, { env });
}

/**
 * From a URL: `s3://bucket/prefix`, `https://bucket.s3.eu-west-1.amazonaws.com/prefix`, an R2 URL,
 * or `<endpoint>/<bucket>/<prefix>` for any other server. Credentials still come from the
 * environment (or `config`), as everything the URL does not say.
 *
 * @param {string} url
 * @param {Record<string, unknown>} [config] explicit config keys, which beat the URL and the environment
 */
export function storeFromUrl(url, config = {}) {
  return S3Store.fromUrl(url, { config });
}

/**
 * From a credential provider: any `CredentialProvider` or AWS SDK v3 provider function, such as
 * `fromNodeProviderChain()` from `@aws-sdk/credential-providers`. Here a plain async function
 * in the SDK's shape; the store caches what it returns until shortly before `expiration`.
 *
 * @param {string} bucket
 * @param {{ accessKeyId: string, secretAccessKey: string }} keys
 * @param {Record<string, unknown>} [config]
 */
export function storeFromProvider(bucket, keys, config = {}) {
  const sdkStyleProvider = async () => ({ ...keys, expiration: new Date(Date.now() + 3_600_000) });
  return S3Store.fromProvider(sdkStyleProvider, bucket, { config });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const store = storeFromEnv();
  console.log(`${store}:`, (await store.listWithDelimiter()).commonPrefixes);
  await store.close();
}
