import { randomBytes } from "node:crypto";
import { S3Signer } from "@objstore/signer";
import { inject } from "vitest";
import { S3Store } from "../../src/index.js";

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

// Bucket administration is not part of the store's API: sign the few calls by hand.
async function admin(method: string, path: string, body?: string): Promise<Response> {
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
  const signed = await signer.sign({
    method,
    url: `${s.endpoint}${path}`,
    ...(body ? { body } : {}),
  });
  return fetch(signed.url, { method, headers: signed.headers, ...(body ? { body } : {}) });
}

/** Creates a bucket with a random name. */
export async function createBucket(label = "t"): Promise<string> {
  const name = `objstore-${label}-${randomBytes(5).toString("hex")}`;
  const res = await admin("PUT", `/${name}`);
  if (res.status !== 200)
    throw new Error(`creating bucket ${name} failed: ${res.status} ${await res.text()}`);
  return name;
}

/** Empties (objects and unfinished uploads) and removes a bucket. */
export async function removeBucket(name: string): Promise<void> {
  const store = storeFor(name);
  try {
    const paths: string[] = [];
    for await (const m of store.list()) paths.push(m.path);
    if (paths.length) await store.delete(paths);
    const uploads = await listUploads(name);
    for (const u of uploads)
      await admin(
        "DELETE",
        `/${name}/${u.key.split("/").map(encodeURIComponent).join("/")}?uploadId=${encodeURIComponent(u.uploadId)}`,
      );
    await admin("DELETE", `/${name}`);
  } finally {
    await store.close();
  }
}

/** Multipart uploads still open in a bucket. */
export async function listUploads(bucket: string): Promise<{ key: string; uploadId: string }[]> {
  const res = await admin("GET", `/${bucket}?uploads`);
  const text = await res.text();
  return [
    ...text.matchAll(/<Upload>.*?<Key>(.*?)<\/Key>.*?<UploadId>(.*?)<\/UploadId>.*?<\/Upload>/gs),
  ].map((m) => ({
    key: m[1] as string,
    uploadId: m[2] as string,
  }));
}

/** A store on the test server for `bucket`, with the test credentials and no ambient env. */
export function storeFor(
  bucket: string,
  options: ConstructorParameters<typeof S3Store>[0] = {},
): S3Store {
  const s = testServer();
  return new S3Store({
    env: false,
    ...options,
    bucket,
    config: {
      endpoint: s.endpoint,
      region: s.region,
      access_key_id: s.accessKeyId,
      secret_access_key: s.secretAccessKey,
      allow_http: true,
      ...options.config,
    },
  });
}
