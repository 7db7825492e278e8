import { createHmac } from "node:crypto";

interface CachedKey {
  readonly secret: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly key: Buffer;
}

// A process signs with a few (secret, day, region, service) combinations at a time; a short
// most-recently-used list covers them without growing with every rotated secret, and scanning
// it compares strings instead of building a lookup key per signature.
const CACHE_SIZE = 8;
const cache: CachedKey[] = [];

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

/**
 * The SigV4 signing key for `secret` on day `date` (`YYYYMMDD`) in `region` for `service`:
 * four chained HMACs, derived once and reused from a small cache (the key only changes daily).
 */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  for (let i = 0; i < cache.length; i++) {
    const entry = cache[i] as CachedKey;
    if (
      entry.secret === secret &&
      entry.date === date &&
      entry.region === region &&
      entry.service === service
    ) {
      if (i > 0) {
        cache.splice(i, 1);
        cache.unshift(entry);
      }
      return entry.key;
    }
  }
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
  cache.unshift({ secret, date, region, service, key });
  if (cache.length > CACHE_SIZE) cache.pop();
  return key;
}
