import { createCipheriv, createHash } from "node:crypto";

const CHUNK = 1024 * 1024;

function cipherFor(version: number) {
  const key = Buffer.alloc(16);
  key.writeUInt32BE(version >>> 0, 0);
  key.write("objstore-rel", 4);
  return createCipheriv("aes-128-ctr", key, Buffer.alloc(16));
}

/**
 * The bytes of content version `version`: deterministic (AES-CTR keystream), so a large object
 * can be regenerated to check a range or a hash instead of being kept in memory.
 *
 * @example
 * ```ts
 * const bytes = contentBytes(7, 1024);
 * ```
 */
export function contentBytes(version: number, size: number): Uint8Array {
  return new Uint8Array(cipherFor(version).update(Buffer.alloc(size)));
}

/**
 * The same bytes as {@link contentBytes}, streamed in 1 MiB chunks without holding them all.
 *
 * @example
 * ```ts
 * await store.put("big.bin", contentStream(7, 50 * 2 ** 20));
 * ```
 */
export async function* contentStream(version: number, size: number): AsyncGenerator<Uint8Array> {
  const cipher = cipherFor(version);
  for (let done = 0; done < size; done += CHUNK) {
    yield new Uint8Array(cipher.update(Buffer.alloc(Math.min(CHUNK, size - done))));
  }
}

/** SHA-256 (hex) of content version `version` of `size` bytes, computed in chunks. */
export function contentSha256(version: number, size: number): string {
  const cipher = cipherFor(version);
  const hash = createHash("sha256");
  for (let done = 0; done < size; done += CHUNK) {
    hash.update(cipher.update(Buffer.alloc(Math.min(CHUNK, size - done))));
  }
  return hash.digest("hex");
}

/** SHA-256 (hex) of bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
