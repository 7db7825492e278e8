/** Where an S3 server is and how to sign for it: what the harness exports as `S3_TEST_*`. */
export interface S3ServerAddress {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** `"minio"`, `"ceph-rgw"` or `"external"` (a server given by `S3_TEST_ENDPOINT`). */
  kind: string;
}

/**
 * Reads the server address the harness exported (`S3_TEST_ENDPOINT`, `S3_TEST_ACCESS_KEY_ID`,
 * `S3_TEST_SECRET_ACCESS_KEY`, `S3_TEST_REGION`, `S3_TEST_KIND`), from the process environment
 * or from the record a vitest global setup provided. Throws, saying how to get a server, when
 * there is none: nothing runs silently without one.
 *
 * @example
 * ```ts
 * const server = serverFromEnv(); // under `node packages/testkit/dist/with-s3-server.js …`
 * const inTest = serverFromEnv(inject("s3")); // in a suite using s3ServerSetup
 * ```
 */
export function serverFromEnv(
  env: Record<string, string | undefined> = process.env,
): S3ServerAddress {
  const endpoint = env.S3_TEST_ENDPOINT;
  const accessKeyId = env.S3_TEST_ACCESS_KEY_ID;
  const secretAccessKey = env.S3_TEST_SECRET_ACCESS_KEY;
  if (!endpoint || !accessKeyId || !secretAccessKey) {
    throw new Error(
      [
        "No S3 server: S3_TEST_ENDPOINT, S3_TEST_ACCESS_KEY_ID and S3_TEST_SECRET_ACCESS_KEY must be set.",
        "Run under the harness, which starts MinIO (a `minio` binary on PATH or MINIO_BIN) or Ceph RGW:",
        "  node packages/testkit/dist/with-s3-server.js <command>",
        "or point at any S3 server, e.g. a MinIO started with",
        "  docker run -p 9000:9000 -e MINIO_ROOT_USER=minioadmin -e MINIO_ROOT_PASSWORD=minioadmin minio/minio server /data",
        "  S3_TEST_ENDPOINT=http://127.0.0.1:9000 S3_TEST_ACCESS_KEY_ID=minioadmin S3_TEST_SECRET_ACCESS_KEY=minioadmin S3_TEST_KIND=minio",
      ].join("\n"),
    );
  }
  return {
    endpoint,
    accessKeyId,
    secretAccessKey,
    region: env.S3_TEST_REGION || "us-east-1",
    kind: env.S3_TEST_KIND || "external",
  };
}

/**
 * The `config` of an `S3Store` on this server with its keys (plain HTTP allowed, as test servers
 * on loopback speak it). Kept free of `@objstore/s3-store`, which depends on this package.
 *
 * @example
 * ```ts
 * const store = new S3Store({ env: false, bucket, config: storeConfig(server) });
 * ```
 */
export function storeConfig(server: Omit<S3ServerAddress, "kind">): {
  endpoint: string;
  region: string;
  access_key_id: string;
  secret_access_key: string;
  allow_http: true;
} {
  return {
    endpoint: server.endpoint,
    region: server.region,
    access_key_id: server.accessKeyId,
    secret_access_key: server.secretAccessKey,
    allow_http: true,
  };
}
