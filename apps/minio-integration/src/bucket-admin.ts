import { randomBytes } from "node:crypto";
import { S3Store } from "@objstore/s3-store";
import { S3Signer } from "@objstore/signer";
import type { S3ServerAddress } from "./server-env.js";

/** One multipart upload a bucket still holds open. */
export interface OpenUpload {
  key: string;
  uploadId: string;
}

const XML_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function xmlText(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X"))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return XML_ENTITIES[name] ?? whole;
  });
}

const keyPath = (key: string) => key.split("/").map(encodeURIComponent).join("/");

/**
 * Creates and removes buckets on a test server. Bucket administration is not part of `S3Store`'s
 * API (a store works inside one bucket), so these few calls are signed by hand with
 * `@objstore/signer`.
 *
 * @example
 * ```ts
 * const admin = new BucketAdmin(serverFromEnv());
 * const bucket = await admin.create("demo");
 * try { ... } finally { await admin.remove(bucket); }
 * ```
 */
export class BucketAdmin {
  readonly #server: S3ServerAddress;
  readonly #signer: S3Signer;

  constructor(server: S3ServerAddress) {
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
  async create(label = "t"): Promise<string> {
    const name = `objstore-${label}-${randomBytes(5).toString("hex")}`;
    // Outside us-east-1, AWS wants the region named in the body.
    const body =
      this.#server.region === "us-east-1"
        ? undefined
        : `<CreateBucketConfiguration><LocationConstraint>${this.#server.region}</LocationConstraint></CreateBucketConfiguration>`;
    const res = await this.#send("PUT", `/${name}`, body);
    if (res.status !== 200)
      throw new Error(`creating bucket ${name} failed: ${res.status} ${await res.text()}`);
    return name;
  }

  /** Empties a bucket (objects and open multipart uploads) and removes it. */
  async remove(bucket: string): Promise<void> {
    const store = this.store(bucket);
    try {
      await store.delete(
        (async function* () {
          for await (const meta of store.list()) yield meta.path;
        })(),
      );
    } finally {
      await store.close();
    }
    // A listing holds at most 1,000 uploads: list again until none is left.
    for (let uploads = await this.listMultipartUploads(bucket); uploads.length > 0; ) {
      for (const u of uploads) {
        const res = await this.#send(
          "DELETE",
          `/${bucket}/${keyPath(u.key)}?uploadId=${encodeURIComponent(u.uploadId)}`,
        );
        if (res.status !== 204 && res.status !== 404)
          throw new Error(`aborting upload of ${u.key} failed: ${res.status} ${await res.text()}`);
        await res.body?.cancel();
      }
      uploads = await this.listMultipartUploads(bucket);
    }
    const res = await this.#send("DELETE", `/${bucket}`);
    if (res.status !== 204 && res.status !== 404)
      throw new Error(`removing bucket ${bucket} failed: ${res.status} ${await res.text()}`);
  }

  /** The multipart uploads still open in a bucket (ListMultipartUploads, first 1,000). */
  async listMultipartUploads(bucket: string): Promise<OpenUpload[]> {
    const res = await this.#send("GET", `/${bucket}?uploads`);
    const text = await res.text();
    if (res.status !== 200)
      throw new Error(`listing uploads of ${bucket} failed: ${res.status} ${text}`);
    return [...text.matchAll(/<Upload>(.*?)<\/Upload>/gs)].map((m) => {
      const upload = m[1] as string;
      return {
        key: xmlText(/<Key>(.*?)<\/Key>/s.exec(upload)?.[1] ?? ""),
        uploadId: xmlText(/<UploadId>(.*?)<\/UploadId>/s.exec(upload)?.[1] ?? ""),
      };
    });
  }

  /** A store on this server for `bucket`, with the server's credentials and no ambient `AWS_*`. */
  store(bucket: string, options: ConstructorParameters<typeof S3Store>[0] = {}): S3Store {
    return new S3Store({
      env: false,
      ...options,
      bucket,
      config: {
        endpoint: this.#server.endpoint,
        region: this.#server.region,
        access_key_id: this.#server.accessKeyId,
        secret_access_key: this.#server.secretAccessKey,
        allow_http: true,
        ...options.config,
      },
    });
  }

  async #send(method: string, path: string, body?: string): Promise<Response> {
    const signed = await this.#signer.sign({
      method,
      url: `${this.#server.endpoint}${path}`,
      ...(body ? { body } : {}),
    });
    return fetch(signed.url, { method, headers: signed.headers, ...(body ? { body } : {}) });
  }
}
