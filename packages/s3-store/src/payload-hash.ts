// SHA-256 digests of part buffers, noted while a streamed upload fills them. Hashing a whole
// 8 MiB part when it is sent blocked the event loop for tens of milliseconds, stalling the other
// parts' sockets; hashed piece by piece as the source delivers them, the same work interleaves
// with the network. Weakly held: a buffer that is dropped takes its digest with it.
const digests = new WeakMap<Uint8Array, string>();

/** Notes the hex SHA-256 of `bytes`; the caller must not change them while they are in use. */
export function rememberSha256(bytes: Uint8Array, hex: string): void {
  digests.set(bytes, hex);
}

/** The hex SHA-256 noted for exactly this buffer object, if any. */
export function knownSha256(bytes: Uint8Array): string | undefined {
  return digests.get(bytes);
}
