import type { Readable } from "node:stream";

/** How a client without a multipart helper sends one request of an upload. */
export type SendText = (
  method: string,
  url: string,
  body?: Uint8Array,
) => Promise<{
  text: string;
  etag: string | undefined;
}>;

/**
 * A multipart upload done by hand (for clients with no helper of their own): the stream is cut
 * into `partSize` parts, `concurrency` in flight, then completed.
 *
 * @example
 * ```ts
 * await handMultipart(send, `${endpoint}/bucket/key`, stream, 8 << 20, 4);
 * ```
 */
export async function handMultipart(
  send: SendText,
  objectUrl: string,
  body: Readable,
  partSize: number,
  concurrency: number,
): Promise<void> {
  const created = await send("POST", `${objectUrl}?uploads`);
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.text)?.[1];
  if (!uploadId) throw new Error(`no UploadId in ${created.text.slice(0, 200)}`);
  const etags: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const upload = (n: number, part: Uint8Array) => {
    const p = send(
      "PUT",
      `${objectUrl}?partNumber=${n}&uploadId=${encodeURIComponent(uploadId)}`,
      part,
    ).then((r) => {
      etags[n - 1] = r.etag ?? "";
      inFlight.delete(p);
    });
    inFlight.add(p);
  };
  let part = Buffer.allocUnsafe(partSize);
  let filled = 0;
  let n = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(partSize - filled, chunk.length - at);
      chunk.copy(part, filled, at, at + take);
      filled += take;
      at += take;
      if (filled === partSize) {
        while (inFlight.size >= concurrency) await Promise.race(inFlight);
        upload(++n, part);
        part = Buffer.allocUnsafe(partSize);
        filled = 0;
      }
    }
  }
  if (filled > 0 || n === 0) upload(++n, part.subarray(0, filled));
  await Promise.all(inFlight);
  const xml = `<CompleteMultipartUpload>${etags
    .map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`)
    .join("")}</CompleteMultipartUpload>`;
  const done = await send(
    "POST",
    `${objectUrl}?uploadId=${encodeURIComponent(uploadId)}`,
    Buffer.from(xml),
  );
  if (done.text.includes("<Error>")) throw new Error(`complete failed: ${done.text.slice(0, 200)}`);
}

/**
 * Counts the keys under `prefix` by paging ListObjectsV2 by hand, for clients with no list
 * helper; `getText` sends one GET and returns the body.
 */
export async function countListing(
  getText: (url: string) => Promise<string>,
  bucketUrl: string,
  prefix: string,
): Promise<number> {
  let n = 0;
  let token: string | undefined;
  do {
    const q = new URLSearchParams({ "list-type": "2", prefix });
    if (token) q.set("continuation-token", token);
    const page = scanListPage(await getText(`${bucketUrl}?${q.toString().replace(/\+/g, "%20")}`));
    n += page.keys;
    token = page.next;
  } while (token);
  return n;
}

/** The keys of a ListObjectsV2 page and its continuation token, found without an XML parser. */
export function scanListPage(xml: string): { keys: number; next: string | undefined } {
  let keys = 0;
  for (let at = xml.indexOf("<Key>"); at >= 0; at = xml.indexOf("<Key>", at + 5)) keys += 1;
  const next = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1];
  return { keys, next: next === undefined ? undefined : unescapeXml(next) };
}

function unescapeXml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (m, e: string) => {
    if (e.startsWith("#")) return String.fromCharCode(Number(e.slice(1)));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e] ?? m;
  });
}
