import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Store } from "@objstore/s3-store";
import { BucketAdmin, type S3ServerAddress, serverFromEnv, storeConfig } from "@objstore/testkit";
import { afterAll, beforeAll, inject } from "vitest";

/** The real S3 server of this test run. */
export const testServer = (): S3ServerAddress => serverFromEnv(inject("s3"));

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

/** A store on the test server for `bucket`, with the test credentials and no ambient env. */
function storeFor(bucket: string): S3Store {
  return new S3Store({ env: false, bucket, config: storeConfig(testServer()) });
}

const admin = () => new BucketAdmin(testServer());

/** What {@link useBucket} gives a test file; read it inside hooks and tests, once it is set up. */
export interface ExampleBucket {
  /** A bucket of the file's own, on the test server. */
  readonly bucket: string;
  /** A store on that bucket (made on first use, closed after the file's tests). */
  readonly store: S3Store;
  /** A scratch directory, when asked for. */
  readonly dir: string;
}

/**
 * A random bucket (and, with `scratchDir`, a scratch directory) for the calling test file: made
 * before its tests; after them the store is closed, the bucket emptied and removed, the
 * directory deleted.
 */
export function useBucket(options: { scratchDir?: boolean } = {}): ExampleBucket {
  let bucket = "";
  let dir = "";
  let store: S3Store | undefined;
  beforeAll(async () => {
    bucket = await admin().createBucket("example");
    if (options.scratchDir) dir = await mkdtemp(join(tmpdir(), "objstore-example-"));
  });
  afterAll(async () => {
    await store?.close();
    if (bucket) await admin().removeBucket(bucket);
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    get bucket() {
      return bucket;
    },
    get store() {
      store ??= storeFor(bucket);
      return store;
    },
    get dir() {
      return dir;
    },
  };
}
