import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { S3Signer } from "@objstore/signer";

/** A real S3 server and the keys of its administrator. */
export interface S3ServerAccess {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** An open multipart upload. */
export interface OpenUpload {
  key: string;
  uploadId: string;
}

/**
 * Bucket administration for the suite (not part of the store's API): a few calls signed by hand.
 *
 * @example
 * ```ts
 * const admin = new BucketAdmin(access);
 * const bucket = await admin.createBucket("faults");
 * expect(await admin.listUploads(bucket)).toEqual([]);
 * await admin.removeBucket(bucket);
 * ```
 */
export class BucketAdmin {
  readonly #signer: S3Signer;

  constructor(readonly access: S3ServerAccess) {
    this.#signer = new S3Signer({
      region: access.region,
      credentials: {
        getCredentials: async () => ({
          accessKeyId: access.accessKeyId,
          secretAccessKey: access.secretAccessKey,
        }),
      },
    });
  }

  // One connection per call (no pool), so the suite's file-descriptor checks see no idle sockets.
  async #call(method: string, path: string): Promise<{ status: number; text: string }> {
    const signed = await this.#signer.sign({ method, url: `${this.access.endpoint}${path}` });
    return new Promise((resolve, reject) => {
      const req = request(signed.url, { method, headers: signed.headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
  }

  /** Creates a bucket with a random name. */
  async createBucket(label: string): Promise<string> {
    const name = `objstore-rel-${label}-${randomBytes(4).toString("hex")}`;
    const res = await this.#call("PUT", `/${name}`);
    if (res.status !== 200)
      throw new Error(`creating bucket ${name} failed: ${res.status} ${res.text}`);
    return name;
  }

  /** Multipart uploads still open in a bucket (ListMultipartUploads). */
  async listUploads(bucket: string): Promise<OpenUpload[]> {
    const res = await this.#call("GET", `/${bucket}?uploads`);
    const text = res.text;
    if (res.status !== 200) throw new Error(`listing uploads of ${bucket} failed: ${res.status}`);
    return [
      ...text.matchAll(/<Upload>.*?<Key>(.*?)<\/Key>.*?<UploadId>(.*?)<\/UploadId>.*?<\/Upload>/gs),
    ].map((m) => ({ key: m[1] as string, uploadId: m[2] as string }));
  }

  /** Every key in a bucket (ListObjectsV2, all pages). */
  async listKeys(bucket: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const query = `list-type=2${token ? `&continuation-token=${encodeURIComponent(token)}` : ""}`;
      const { text } = await this.#call("GET", `/${bucket}?${query}`);
      for (const m of text.matchAll(/<Key>(.*?)<\/Key>/g)) keys.push(unescapeXml(m[1] as string));
      token = /<NextContinuationToken>(.*?)<\/NextContinuationToken>/.exec(text)?.[1];
    } while (token);
    return keys;
  }

  /** Aborts open uploads, deletes every object and removes the bucket. */
  async removeBucket(bucket: string): Promise<void> {
    for (const u of await this.listUploads(bucket))
      await this.#call(
        "DELETE",
        `/${bucket}/${encodeKey(u.key)}?uploadId=${encodeURIComponent(u.uploadId)}`,
      );
    for (const key of await this.listKeys(bucket))
      await this.#call("DELETE", `/${bucket}/${encodeKey(key)}`);
    await this.#call("DELETE", `/${bucket}`);
  }
}

function encodeKey(key: string): string {
  return key
    .split("/")
    .map((s) =>
      encodeURIComponent(s).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join("/");
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    if (e[0] === "#")
      return String.fromCodePoint(
        e[1] === "x" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" }[e] as string;
  });
}
