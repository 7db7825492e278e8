import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBytes(data: SourceData): Uint8Array | string {
  if (typeof data === "string") return data;
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

// Smithy derives a fingerprint of the credentials, HMAC(secret key, access key id), on every
// signature to key its signing-key cache. It is the same few bytes each time, so HMACs keyed by
// text over short input are remembered here; that saves one of the two HMACs of a signature.
const MEMO_MAX_INPUT = 128;
const MEMO_MAX_ENTRIES = 64;
const memo = new Map<string, Uint8Array>();

function remembered(key: string, input: Uint8Array): Uint8Array {
  const id = `${key}\u0000${Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString("latin1")}`;
  let mac = memo.get(id);
  if (mac === undefined) {
    mac = createHmac("sha256", key).update(input).digest();
    if (memo.size >= MEMO_MAX_ENTRIES) memo.delete(memo.keys().next().value as string);
    memo.set(id, mac);
  }
  return mac;
}

/**
 * SHA-256 (or HMAC-SHA-256 when built with a secret) on `node:crypto`, in the shape
 * `@smithy/signature-v4` expects for its `sha256` option. Smithy's default is a pure-JS hash,
 * several times slower on the per-request canonical-request hash and the HMAC chain.
 *
 * @example
 * ```ts
 * const signer = new SignatureV4({ service: "s3", region: "us-east-1", credentials, sha256: NodeSha256 });
 * ```
 */
export class NodeSha256 {
  readonly #secret: SourceData | undefined;
  #hash: Hash | Hmac | undefined;
  // Short input under a text key, held back in case its HMAC is remembered.
  #pending: Uint8Array | undefined;

  constructor(secret?: SourceData) {
    this.#secret = secret;
  }

  update(data: Uint8Array): void {
    if (this.#hash === undefined) {
      const memoizable = typeof this.#secret === "string" && this.#pending === undefined;
      if (memoizable && data.byteLength <= MEMO_MAX_INPUT) {
        this.#pending = Uint8Array.from(data);
        return;
      }
      this.#hash = this.#start();
    }
    this.#hash.update(data);
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.digestSync());
  }

  /** The digest without the promise, for callers that hash on the hot path. */
  digestSync(): Uint8Array {
    if (this.#hash !== undefined) return this.#hash.digest();
    if (this.#pending !== undefined && typeof this.#secret === "string")
      return remembered(this.#secret, this.#pending);
    return this.#start().digest();
  }

  reset(): void {
    this.#hash = undefined;
    this.#pending = undefined;
  }

  #start(): Hash | Hmac {
    const secret = this.#secret;
    const hash =
      secret === undefined ? createHash("sha256") : createHmac("sha256", toBytes(secret));
    if (this.#pending !== undefined) hash.update(this.#pending);
    this.#pending = undefined;
    return hash;
  }
}

/** Hex SHA-256 of a request body, as `x-amz-content-sha256` wants it. */
export function sha256Hex(body: Uint8Array | string): string {
  return createHash("sha256").update(body).digest("hex");
}
