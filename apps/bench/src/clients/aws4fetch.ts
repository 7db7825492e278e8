import { AwsClient } from "aws4fetch";
import type { BenchClient, Target } from "./client.js";
import { countListing, handMultipart } from "./hand-multipart.js";

/** aws4fetch over Node's global `fetch`; it has no XML parsing or multipart helper of its own. */
export function openAws4fetch(target: Target): BenchClient {
  const aws = new AwsClient({
    accessKeyId: target.accessKeyId,
    secretAccessKey: target.secretAccessKey,
    region: target.region,
    service: "s3",
  });
  const base = `${target.endpoint}/${target.bucket}`;
  const url = (key: string) => `${base}/${key.split("/").map(encodeURIComponent).join("/")}`;
  const ok = async (res: Response) => {
    if (!res.ok) throw new Error(`${res.status} ${(await res.text()).slice(0, 200)}`);
    return res;
  };
  const bytes = async (res: Response) => (await (await ok(res)).arrayBuffer()).byteLength;
  return {
    getBytes: async (key) => bytes(await aws.fetch(url(key))),
    getStream: async (key) => {
      const res = await ok(await aws.fetch(url(key)));
      let n = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) n += chunk.length;
      return n;
    },
    getRange: async (key, start, end) =>
      bytes(await aws.fetch(url(key), { headers: { range: `bytes=${start}-${end - 1}` } })),
    head: async (key) => {
      const res = await ok(await aws.fetch(url(key), { method: "HEAD" }));
      return Number(res.headers.get("content-length"));
    },
    put: async (key, body) => {
      const res = await ok(await aws.fetch(url(key), { method: "PUT", body }));
      await res.arrayBuffer();
    },
    list: (prefix) =>
      countListing(async (u) => (await ok(await aws.fetch(u))).text(), base, prefix),
    multipartUpload: async (key, body, _size, partSize, concurrency) => {
      await handMultipart(
        async (method, u, b) => {
          const res = await ok(await aws.fetch(u, { method, ...(b ? { body: b } : {}) }));
          return { text: await res.text(), etag: res.headers.get("etag") ?? undefined };
        },
        url(key),
        body,
        partSize,
        concurrency,
      );
    },
    close: async () => {},
  };
}
