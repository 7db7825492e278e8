import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { type BenchClient, countBytes, type Target } from "./client.js";

/**
 * `@aws-sdk/client-s3` (+ `@aws-sdk/lib-storage` for multipart). Checksums only where S3
 * requires them, as objstore does by default: the SDK's default CRC32 on every PUT would cost it
 * CPU that objstore does not spend.
 */
export function openAwsSdk(target: Target): BenchClient {
  const client = new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    forcePathStyle: true,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = target.bucket;
  const get = (Key: string, Range?: string) =>
    client.send(new GetObjectCommand({ Bucket, Key, ...(Range ? { Range } : {}) }));
  return {
    getBytes: async (key) => {
      const out = await get(key);
      return (await out.Body!.transformToByteArray()).length;
    },
    getStream: async (key) => {
      const out = await get(key);
      return countBytes(out.Body as AsyncIterable<Uint8Array>);
    },
    getRange: async (key, start, end) => {
      const out = await get(key, `bytes=${start}-${end - 1}`);
      return (await out.Body!.transformToByteArray()).length;
    },
    head: async (key) =>
      (await client.send(new HeadObjectCommand({ Bucket, Key: key }))).ContentLength ?? 0,
    put: async (key, body) => {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body }));
    },
    list: async (prefix) => {
      let n = 0;
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket,
            Prefix: prefix,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        n += page.Contents?.length ?? 0;
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return n;
    },
    multipartUpload: async (key, body, _size, partSize, concurrency) => {
      await new Upload({
        client,
        params: { Bucket, Key: key, Body: body },
        partSize,
        queueSize: concurrency,
      }).done();
    },
    close: async () => client.destroy(),
  };
}
