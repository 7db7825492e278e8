import type { S3ServerCapabilities } from "@objstore/testkit";
import { afterAll, beforeAll, inject, type TestContext } from "vitest";
import { BucketAdmin, type S3ServerAddress, serverFromEnv } from "../../src/index.js";

/** The real S3 server of this test run. */
export function testServer(): S3ServerAddress {
  return serverFromEnv(inject("s3"));
}

/** Bucket administration on the test server. */
export function admin(): BucketAdmin {
  return new BucketAdmin(testServer());
}

/**
 * A random bucket of its own for the calling test file: created before its tests, emptied and
 * removed after them.
 */
export function useBucket(label: string): { readonly name: string } {
  const bucket = { name: "" };
  beforeAll(async () => {
    bucket.name = await admin().create(label);
  });
  afterAll(async () => {
    if (bucket.name) await admin().remove(bucket.name);
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
