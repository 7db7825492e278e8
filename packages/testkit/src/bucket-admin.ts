import { createHash, randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { S3Signer } from "@objstore/signer";
import type { S3ServerAddress } from "./server-address.js";

/** One multipart upload a bucket still holds open. */
export interface OpenUpload {
  key: string;
  uploadId: string;
}

interface Reply {
  status: number;
  text: string;
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function xmlText(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === "#")
      return String.fromCodePoint(
        name[1] === "x" || name[1] === "X"
          ? Number.parseInt(name.slice(2), 16)
          : Number(name.slice(1)),
      );
    return XML_ENTITIES[name] ?? whole;
  });
}

const xmlEscape = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The signer encodes what is left; `!'()*` are encoded here too so every server reads one form.
const keyPath = (key: string) =>
  key
    .split("/")
    .map((s) =>
      encodeURIComponent(s).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join("/");

/**
 * Creates, empties and removes buckets on a test server. Bucket administration is not part of
 * `S3Store`'s API (a store works inside one bucket), so these few calls are signed by hand with
 * `@objstore/signer`. Each call uses a connection of its own, closed when it is answered: no
 * pooled socket outlives a call, so suites counting file descriptors see none of ours.
 *
 * @example
 * ```ts
 * const admin = new BucketAdmin(serverFromEnv());
 * const bucket = await admin.createBucket("demo"); // objstore-demo-<random>
 * try {
 *   expect(await admin.listUploads(bucket)).toEqual([]);
 * } finally {
 *   await admin.removeBucket(bucket);
 * }
 * ```
 */
export class BucketAdmin {
  readonly #server: Omit<S3ServerAddress, "kind">;
  readonly #signer: S3Signer;

  constructor(server: Omit<S3ServerAddress, "kind">) {
    this.#server = server;
    this.#signer = new S3Signer({
      region: server.region,
      credentials: {
        getCredentials: async () => ({
          accessKeyId: server.accessKeyId,
          secretAccessKey: server.secretAccessKey,
        }),
      },
    });
  }

  /** Creates a bucket named `objstore-<label>-<random>` and returns its name. */
  async createBucket(label = "t"): Promise<string> {
    const name = `objstore-${label}-${randomBytes(5).toString("hex")}`;
    // Outside us-east-1, AWS wants the region named in the body.
    const body =
      this.#server.region === "us-east-1"
        ? undefined
        : `<CreateBucketConfiguration><LocationConstraint>${this.#server.region}</LocationConstraint></CreateBucketConfiguration>`;
    const res = await this.#call("PUT", `/${name}`, body);
    if (res.status !== 200)
      throw new Error(`creating bucket ${name} failed: ${res.status} ${res.text}`);
    return name;
  }

  /** The multipart uploads still open in a bucket (ListMultipartUploads, first 1,000). */
  async listUploads(bucket: string): Promise<OpenUpload[]> {
    const res = await this.#call("GET", `/${bucket}?uploads`);
    if (res.status !== 200)
      throw new Error(`listing uploads of ${bucket} failed: ${res.status} ${res.text}`);
    return [...res.text.matchAll(/<Upload>(.*?)<\/Upload>/gs)].map((m) => {
      const upload = m[1] as string;
      return {
        key: xmlText(/<Key>(.*?)<\/Key>/s.exec(upload)?.[1] ?? ""),
        uploadId: xmlText(/<UploadId>(.*?)<\/UploadId>/s.exec(upload)?.[1] ?? ""),
      };
    });
  }

  /** Every key in a bucket (ListObjectsV2, all pages). */
  async listKeys(bucket: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.#listPage(bucket, token);
      keys.push(...page.keys);
      token = page.next;
    } while (token);
    return keys;
  }

  /** Empties a bucket (objects and open multipart uploads) and removes it. */
  async removeBucket(bucket: string): Promise<void> {
    // Deleting from the first page until it comes back empty needs no continuation token.
    for (let page = await this.#listPage(bucket); page.keys.length > 0; ) {
      await this.#deleteObjects(bucket, page.keys);
      page = await this.#listPage(bucket);
    }
    // A listing holds at most 1,000 uploads: list again until none is left.
    for (let uploads = await this.listUploads(bucket); uploads.length > 0; ) {
      for (const u of uploads) {
        const res = await this.#call(
          "DELETE",
          `/${bucket}/${keyPath(u.key)}?uploadId=${encodeURIComponent(u.uploadId)}`,
        );
        if (res.status !== 204 && res.status !== 404)
          throw new Error(`aborting upload of ${u.key} failed: ${res.status} ${res.text}`);
      }
      uploads = await this.listUploads(bucket);
    }
    const res = await this.#call("DELETE", `/${bucket}`);
    if (res.status !== 204 && res.status !== 404)
      throw new Error(`removing bucket ${bucket} failed: ${res.status} ${res.text}`);
  }

  async #listPage(bucket: string, token?: string): Promise<{ keys: string[]; next?: string }> {
    const query = `list-type=2${token ? `&continuation-token=${encodeURIComponent(token)}` : ""}`;
    const res = await this.#call("GET", `/${bucket}?${query}`);
    if (res.status !== 200)
      throw new Error(`listing objects of ${bucket} failed: ${res.status} ${res.text}`);
    const keys = [...res.text.matchAll(/<Key>(.*?)<\/Key>/gs)].map((m) => xmlText(m[1] as string));
    const next = /<NextContinuationToken>(.*?)<\/NextContinuationToken>/s.exec(res.text)?.[1];
    return next ? { keys, next: xmlText(next) } : { keys };
  }

  // DeleteObjects (at most 1,000 keys, which is one listing page); S3 requires Content-MD5 on it.
  async #deleteObjects(bucket: string, keys: string[]): Promise<void> {
    const body = `<Delete><Quiet>true</Quiet>${keys
      .map((k) => `<Object><Key>${xmlEscape(k)}</Key></Object>`)
      .join("")}</Delete>`;
    const md5 = createHash("md5").update(body).digest("base64");
    const res = await this.#call("POST", `/${bucket}?delete`, body, {
      "content-md5": md5,
      "content-type": "application/xml",
    });
    if (res.status !== 200 || res.text.includes("<Error>"))
      throw new Error(`deleting objects of ${bucket} failed: ${res.status} ${res.text}`);
  }

  async #call(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const signed = await this.#signer.sign({
      method,
      url: `${this.#server.endpoint}${path}`,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const request = signed.url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      // `agent: false`: a connection of this call's own, closed once answered.
      const req = request(signed.url, { method, headers: signed.headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }
}
