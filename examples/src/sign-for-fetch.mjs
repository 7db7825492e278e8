// Only the signer: SigV4-sign requests for an HTTP client of your choice (here, plain fetch).
// Run: AWS_ENDPOINT_URL=http://127.0.0.1:9000 AWS_BUCKET=my-bucket node sign-for-fetch.mjs
import { fileURLToPath } from "node:url";
import { envProvider } from "@objstore/credentials";
import { S3Signer } from "@objstore/signer";

/**
 * A path-style object URL with the key percent-encoded once, as SigV4 wants it (`/` kept).
 *
 * @param {string} endpoint e.g. `https://s3.eu-west-1.amazonaws.com`
 * @param {string} bucket
 * @param {string} key
 */
export function objectUrl(endpoint, bucket, key) {
  return `${endpoint}/${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
}

/**
 * A `fetch` for S3 that signs each request. The signer adds `authorization`, `x-amz-date` and
 * `x-amz-content-sha256` (the SHA-256 of a string or byte body) and, for temporary credentials,
 * `x-amz-security-token`; send exactly the URL and headers it returns.
 *
 * @param {{ region: string, credentials: import("@objstore/credentials").CredentialProvider }} options
 */
export function signedFetch({ region, credentials }) {
  const signer = new S3Signer({ region, credentials });
  /**
   * @param {string} url
   * @param {{ method?: string, headers?: Record<string, string>, body?: string | Uint8Array }} [init]
   */
  return async (url, { method = "GET", headers = {}, body } = {}) => {
    const request = { method, url, headers, ...(body !== undefined ? { body } : {}) };
    const signed = await signer.sign(request);
    return fetch(signed.url, {
      method,
      headers: signed.headers,
      ...(body !== undefined ? { body } : {}),
    });
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const region = process.env.AWS_REGION ?? "us-east-1";
  const endpoint = process.env.AWS_ENDPOINT_URL ?? `https://s3.${region}.amazonaws.com`;
  const s3fetch = signedFetch({ region, credentials: envProvider() });
  const url = objectUrl(endpoint, process.env.AWS_BUCKET ?? "", "signed by objstore.txt");
  const put = await s3fetch(url, { method: "PUT", body: "signed by @objstore/signer\n" });
  console.log("PUT", put.status);
  const get = await s3fetch(url);
  console.log("GET", get.status, await get.text());
}
