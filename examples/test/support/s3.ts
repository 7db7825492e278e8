import { randomBytes } from "node:crypto";
import { S3Store } from "@objstore/s3-store";
import { S3Signer } from "@objstore/signer";
import { inject } from "vitest";

/** The real S3 server of this test run. */
export function testServer() {
  const env = inject("s3");
  return {
    endpoint: env.S3_TEST_ENDPOINT as string,
    accessKeyId: env.S3_TEST_ACCESS_KEY_ID as string,
    secretAccessKey: env.S3_TEST_SECRET_ACCESS_KEY as string,
    region: env.S3_TEST_REGION as string,
    kind: env.S3_TEST_KIND as string,
  };
}

/** The `AWS_*` environment a user would set to point the examples at the test server. */
export function awsEnv(bucket: string): Record<string, string> {
  const s = testServer();
  return {
    AWS_ENDPOINT_URL: s.endpoint,
    AWS_REGION: s.region,
    AWS_ACCESS_KEY_ID: s.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s.secretAccessKey,
    AWS_ALLOW_HTTP: "true",
    AWS_BUCKET: bucket,
  };
}

// Bucket administration is not part of the store's API: sign the two calls by hand.
async function admin(method: "PUT" | "DELETE", bucket: string): Promise<void> {
  const s = testServer();
  const signer = new S3Signer({
    region: s.region,
    credentials: {
      getCredentials: async () => ({
        accessKeyId: s.accessKeyId,
        secretAccessKey: s.secretAccessKey,
      }),
    },
  });
  const signed = await signer.sign({ method, url: `${s.endpoint}/${bucket}` });
  const res = await fetch(signed.url, { method, headers: signed.headers });
  if (res.status !== 200 && res.status !== 204)
    throw new Error(`${method} bucket ${bucket} failed: ${res.status} ${await res.text()}`);
}

/** A store on the test server for `bucket`, with the test credentials and no ambient env. */
export function storeFor(bucket: string): S3Store {
  const s = testServer();
  return new S3Store({
    env: false,
    bucket,
    config: {
      endpoint: s.endpoint,
      region: s.region,
      access_key_id: s.accessKeyId,
      secret_access_key: s.secretAccessKey,
      allow_http: true,
    },
  });
}

/** Creates a bucket with a random name. */
export async function createBucket(): Promise<string> {
  const name = `objstore-example-${randomBytes(5).toString("hex")}`;
  await admin("PUT", name);
  return name;
}

/** Empties and removes a bucket. */
export async function removeBucket(name: string): Promise<void> {
  const store = storeFor(name);
  try {
    const paths: string[] = [];
    for await (const meta of store.list()) paths.push(meta.path);
    if (paths.length > 0) await store.delete(paths);
  } finally {
    await store.close();
  }
  await admin("DELETE", name);
}
