import { BucketAdmin, type S3ServerAddress, serverFromEnv, storeConfig } from "@objstore/testkit";
import { inject } from "vitest";
import { S3Store } from "../../src/index.js";

/** The real S3 server of this test run. */
export const testServer = (): S3ServerAddress => serverFromEnv(inject("s3"));

const admin = () => new BucketAdmin(testServer());

/** Creates a bucket with a random name. */
export const createBucket = (label = "t") => admin().createBucket(label);

/** Empties (objects and unfinished uploads) and removes a bucket. */
export const removeBucket = (name: string) => admin().removeBucket(name);

/** Multipart uploads still open in a bucket. */
export const listUploads = (bucket: string) => admin().listUploads(bucket);

/** A store on the test server for `bucket`, with the test credentials and no ambient env. */
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
