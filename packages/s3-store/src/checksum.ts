import { createHash } from "node:crypto";

/** The checksum algorithms S3 accepts in `x-amz-checksum-*` headers. */
export type ChecksumAlgorithm = "sha256" | "crc32" | "crc32c" | "crc64nvme";

function table32(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
}

// Reflected CRC-64/NVME polynomial 0x9A6C9329AC4BC9B5, held as two 32-bit halves (no BigInt on the hot path).
function table64(): [Uint32Array, Uint32Array] {
  const hiT = new Uint32Array(256);
  const loT = new Uint32Array(256);
  const polyHi = 0x9a6c9329;
  const polyLo = 0xac4bc9b5;
  for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let k = 0; k < 8; k++) {
      const bit = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi >>>= 1;
      if (bit) {
        hi = (hi ^ polyHi) >>> 0;
        lo = (lo ^ polyLo) >>> 0;
      }
    }
    hiT[i] = hi;
    loT[i] = lo;
  }
  return [hiT, loT];
}

let crc32cTable: Uint32Array | undefined;
let crc64Tables: [Uint32Array, Uint32Array] | undefined;

function crc32c(data: Uint8Array): Buffer {
  crc32cTable ??= table32(0x82f63b78);
  const t = crc32cTable;
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++)
    c = (t[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0);
  return out;
}

function crc64nvme(data: Uint8Array): Buffer {
  crc64Tables ??= table64();
  const [hiT, loT] = crc64Tables;
  let hi = 0xffffffff;
  let lo = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    const idx = (lo ^ (data[i] as number)) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ (loT[idx] as number)) >>> 0;
    hi = ((hi >>> 8) ^ (hiT[idx] as number)) >>> 0;
  }
  const out = Buffer.alloc(8);
  out.writeUInt32BE((hi ^ 0xffffffff) >>> 0, 0);
  out.writeUInt32BE((lo ^ 0xffffffff) >>> 0, 4);
  return out;
}

function crc32(data: Uint8Array): Buffer {
  const out = Buffer.alloc(4);
  // node:zlib is loaded here, on the first CRC32, not when the store is imported.
  out.writeUInt32BE(process.getBuiltinModule("node:zlib").crc32(data) >>> 0);
  return out;
}

/** The base64 checksum of `data`, as S3's `x-amz-checksum-<algorithm>` header wants it. */
export function checksumBase64(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  switch (algorithm) {
    case "sha256":
      return createHash("sha256").update(data).digest("base64");
    case "crc32":
      return crc32(data).toString("base64");
    case "crc32c":
      return crc32c(data).toString("base64");
    case "crc64nvme":
      return crc64nvme(data).toString("base64");
  }
}

/** The base64 MD5 of `data`, for `Content-MD5`. */
export function md5Base64(data: Uint8Array | string): string {
  return createHash("md5").update(data).digest("base64");
}
