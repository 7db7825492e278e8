import type { Readable } from "node:stream";

/** The S3 server a benchmark talks to: the null server or a real one. */
export interface Target {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * One S3 client library behind the operations the benchmarks time. Every method does the whole
 * job a user would (sign, send, read and parse the answer) and throws on a failed request.
 *
 * @example
 * ```ts
 * const client = await openClient("objstore", target);
 * const bytes = await client.getBytes("bench/obj.1024");
 * await client.close();
 * ```
 */
export interface BenchClient {
  /** GET the whole object into memory; resolves with its length. */
  getBytes(key: string): Promise<number>;
  /** GET the whole object as a stream, counting bytes without keeping them. */
  getStream(key: string): Promise<number>;
  /** GET bytes `[start, end)` into memory; resolves with their count. */
  getRange(key: string, start: number, end: number): Promise<number>;
  /** HEAD; resolves with the object's size. */
  head(key: string): Promise<number>;
  put(key: string, body: Uint8Array): Promise<void>;
  /** Lists every key under `prefix`, page after page; resolves with how many there were. */
  list(prefix: string): Promise<number>;
  /** A multipart upload of a stream of `size` bytes with `partSize` parts, `concurrency` at once. */
  multipartUpload(
    key: string,
    body: Readable,
    size: number,
    partSize: number,
    concurrency: number,
  ): Promise<void>;
  close(): Promise<void>;
}

/** The clients compared, in table order. */
export const CLIENT_NAMES = ["objstore", "aws-sdk", "minio", "aws4fetch", "floor"] as const;

/** A client's name in {@link CLIENT_NAMES}. */
export type ClientName = (typeof CLIENT_NAMES)[number];

/** The npm package whose import stands for a client's cold start and installed size. */
export const CLIENT_PACKAGES: Record<ClientName, string[]> = {
  objstore: ["@objstore/s3-store"],
  "aws-sdk": ["@aws-sdk/client-s3", "@aws-sdk/lib-storage"],
  minio: ["minio"],
  aws4fetch: ["aws4fetch"],
  floor: ["undici"],
};

/**
 * Builds a client; each adapter is imported only when asked for, so a worker process loads the
 * one library it measures.
 *
 * @example
 * ```ts
 * const client = await openClient("aws-sdk", target);
 * ```
 */
export async function openClient(name: ClientName, target: Target): Promise<BenchClient> {
  switch (name) {
    case "objstore":
      return (await import("./objstore.js")).openObjstore(target);
    case "aws-sdk":
      return (await import("./aws-sdk.js")).openAwsSdk(target);
    case "minio":
      return (await import("./minio.js")).openMinio(target);
    case "aws4fetch":
      return (await import("./aws4fetch.js")).openAws4fetch(target);
    case "floor":
      return (await import("./floor.js")).openFloor(target);
  }
}

/** Counts the bytes of a stream without keeping them. */
export async function countBytes(stream: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += chunk.length;
  return n;
}
