import { S3Store, type S3StoreOptions } from "@objstore/s3-store";
import { inject } from "vitest";
import { BucketAdmin, type S3ServerAccess } from "../../src/index.js";

/** The real S3 server of this test run. */
export function testServer(): S3ServerAccess & { kind: string } {
  const env = inject("s3");
  return {
    endpoint: env.S3_TEST_ENDPOINT as string,
    accessKeyId: env.S3_TEST_ACCESS_KEY_ID as string,
    secretAccessKey: env.S3_TEST_SECRET_ACCESS_KEY as string,
    region: env.S3_TEST_REGION as string,
    kind: env.S3_TEST_KIND as string,
  };
}

export function admin(): BucketAdmin {
  return new BucketAdmin(testServer());
}

/** A store for `bucket` at `endpoint` (the real server, or a proxy in front of it). */
export function storeAt(
  endpoint: string,
  bucket: string,
  options: Omit<S3StoreOptions, "bucket"> = {},
): S3Store {
  const s = testServer();
  return new S3Store({
    env: false,
    ...options,
    bucket,
    config: {
      endpoint,
      region: s.region,
      access_key_id: s.accessKeyId,
      secret_access_key: s.secretAccessKey,
      allow_http: true,
      ...options.config,
    },
  });
}
