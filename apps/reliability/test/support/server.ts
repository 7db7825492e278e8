import { S3Store, type S3StoreOptions } from "@objstore/s3-store";
import { BucketAdmin, type S3ServerAddress, serverFromEnv, storeConfig } from "@objstore/testkit";
import { inject } from "vitest";

/** The real S3 server of this test run. */
export const testServer = (): S3ServerAddress => serverFromEnv(inject("s3"));

/** Bucket administration on the test server (one connection per call: descriptor counts stay exact). */
export const admin = (): BucketAdmin => new BucketAdmin(testServer());

/** A store for `bucket` at `endpoint` (the real server, or a proxy in front of it). */
export function storeAt(
  endpoint: string,
  bucket: string,
  options: Omit<S3StoreOptions, "bucket"> = {},
): S3Store {
  return new S3Store({
    env: false,
    ...options,
    bucket,
    config: { ...storeConfig(testServer()), endpoint, ...options.config },
  });
}
