import { S3Store } from "@objstore/s3-store";
import {
  BucketAdmin,
  type S3ServerAddress,
  type S3ServerCapabilities,
  serverFromEnv,
  storeConfig,
} from "@objstore/testkit";
import { afterAll, beforeAll, inject, type TestContext } from "vitest";

/** The real S3 server of this test run. */
export function testServer(): S3ServerAddress {
  return serverFromEnv(inject("s3"));
}

/** Bucket administration on the test server. */
export function admin(): BucketAdmin {
  return new BucketAdmin(testServer());
}

/** A store on the test server for `bucket`, with its credentials and no ambient `AWS_*`. */
export function storeFor(
  bucket: string,
  options: ConstructorParameters<typeof S3Store>[0] = {},
): S3Store {
  return new S3Store({
    env: false,
    ...options,
    bucket,
    config: { ...storeConfig(testServer()), ...options.config },
  });
}

/**
 * A random bucket of its own for the calling test file: created before its tests, emptied and
 * removed after them.
 */
export function useBucket(label: string): { readonly name: string } {
  const bucket = { name: "" };
  beforeAll(async () => {
    bucket.name = await admin().createBucket(label);
  });
  afterAll(async () => {
    if (bucket.name) await admin().removeBucket(bucket.name);
  });
  return bucket;
}

/**
 * Whether the server has a capability. When it does not, the test says so in its output (the
 * expectation that applies instead is the caller's to assert).
 */
export function has(
  ctx: TestContext,
  capability: keyof S3ServerCapabilities,
  instead = "the server's known deviation is checked instead",
): boolean {
  if (inject("capabilities")[capability]) return true;
  const message = `capability missing on ${testServer().kind}: ${capability}; ${instead}`;
  ctx.annotate(message);
  // The default reporter shows annotations of failed tests only; this line shows for every test.
  console.warn(message);
  return false;
}
