import { Client } from "minio";
import { type BenchClient, countBytes, type Target } from "./client.js";

/**
 * minio-js. Its part size is a client setting, so a client is built per part size; it uploads the
 * parts of one object one after another (it has no concurrency option).
 */
export function openMinio(target: Target): BenchClient {
  const url = new URL(target.endpoint);
  const clients = new Map<number, Client>();
  const clientFor = (partSize = 8 * 1024 * 1024) => {
    let c = clients.get(partSize);
    if (!c) {
      c = new Client({
        endPoint: url.hostname,
        port: Number(url.port),
        useSSL: url.protocol === "https:",
        accessKey: target.accessKeyId,
        secretKey: target.secretAccessKey,
        region: target.region,
        pathStyle: true,
        partSize,
      });
      clients.set(partSize, c);
    }
    return c;
  };
  const client = clientFor();
  const bucket = target.bucket;
  const toBuffer = async (stream: AsyncIterable<Uint8Array>) => {
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks).length;
  };
  return {
    getBytes: async (key) => toBuffer(await client.getObject(bucket, key)),
    getStream: async (key) => countBytes(await client.getObject(bucket, key)),
    getRange: async (key, start, end) =>
      toBuffer(await client.getPartialObject(bucket, key, start, end - start)),
    head: async (key) => (await client.statObject(bucket, key)).size,
    put: async (key, body) => {
      await client.putObject(
        bucket,
        key,
        Buffer.from(body.buffer, body.byteOffset, body.byteLength),
        body.byteLength,
      );
    },
    list: (prefix) =>
      new Promise((resolve, reject) => {
        let n = 0;
        const stream = client.listObjectsV2(bucket, prefix, true);
        stream.on("data", () => {
          n += 1;
        });
        stream.on("error", reject);
        stream.on("end", () => resolve(n));
      }),
    multipartUpload: async (key, body, size, partSize) => {
      await clientFor(partSize).putObject(bucket, key, body, size);
    },
    close: async () => {},
  };
}
