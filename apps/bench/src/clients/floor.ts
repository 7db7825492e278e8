import { staticProvider } from "@objstore/credentials";
import { S3Signer, UNSIGNED_PAYLOAD } from "@objstore/signer";
import { Agent, request } from "undici";
import { type BenchClient, countBytes, type Target } from "./client.js";
import { countListing, handMultipart } from "./hand-multipart.js";

/**
 * The floor: raw undici with an Authorization header computed once per distinct request and
 * reused (payloads unsigned), no response parsing beyond finding list keys. The cost of the
 * stack below any S3 client; nothing real can be cheaper.
 */
export function openFloor(target: Target): BenchClient {
  const dispatcher = new Agent();
  const signer = new S3Signer({
    region: target.region,
    credentials: staticProvider({
      accessKeyId: target.accessKeyId,
      secretAccessKey: target.secretAccessKey,
    }),
  });
  const signed = new Map<string, { url: string; headers: Record<string, string> }>();
  const signedRequest = async (method: string, url: string) => {
    const id = `${method} ${url}`;
    let done = signed.get(id);
    if (!done) {
      const s = await signer.sign({
        method,
        url,
        headers: { "x-amz-content-sha256": UNSIGNED_PAYLOAD },
      });
      done = { url: s.url.toString(), headers: s.headers };
      signed.set(id, done);
    }
    return done;
  };
  const base = `${target.endpoint}/${target.bucket}`;
  const url = (key: string) => `${base}/${key.split("/").map(encodeURIComponent).join("/")}`;
  const send = async (
    method: string,
    u: string,
    body?: Uint8Array,
    extra?: Record<string, string>,
  ) => {
    const { url: signedUrl, headers } = await signedRequest(method, u);
    const res = await request(signedUrl, {
      dispatcher,
      method: method as "GET",
      headers: extra ? { ...headers, ...extra } : headers,
      ...(body ? { body } : {}),
      // undici closes the connection after every HEAD unless told not to (for servers that
      // send a body anyway); S3 servers do not, and the floor is the best the stack can do.
      ...(method === "HEAD" ? { reset: false } : {}),
    });
    if (res.statusCode >= 300) {
      throw new Error(`${method} ${u}: ${res.statusCode} ${(await res.body.text()).slice(0, 200)}`);
    }
    return res;
  };
  return {
    getBytes: async (key) => (await (await send("GET", url(key))).body.arrayBuffer()).byteLength,
    getStream: async (key) => countBytes((await send("GET", url(key))).body),
    getRange: async (key, start, end) =>
      (
        await (
          await send("GET", url(key), undefined, { range: `bytes=${start}-${end - 1}` })
        ).body.arrayBuffer()
      ).byteLength,
    head: async (key) => {
      const res = await send("HEAD", url(key));
      await res.body.dump();
      return Number(res.headers["content-length"]);
    },
    put: async (key, body) => {
      await (await send("PUT", url(key), body)).body.dump();
    },
    list: (prefix) => countListing(async (u) => (await send("GET", u)).body.text(), base, prefix),
    multipartUpload: async (key, body, _size, partSize, concurrency) => {
      await handMultipart(
        async (method, u, b) => {
          const res = await send(method, u, b);
          const etag = res.headers.etag;
          return { text: await res.body.text(), etag: typeof etag === "string" ? etag : undefined };
        },
        url(key),
        body,
        partSize,
        concurrency,
      );
    },
    close: () => dispatcher.close(),
  };
}
