import { encodeKey, encodeQuery } from "./paths.js";

/** Where a bucket lives and how its requests are addressed. */
export interface AddressingOptions {
  bucket: string;
  region: string;
  /** Service endpoint without the bucket, e.g. `http://127.0.0.1:9000`. */
  endpoint?: string;
  /** `https://bucket.host/key` instead of `https://host/bucket/key`. */
  virtualHostedStyle: boolean;
  s3Express: boolean;
}

// Directory bucket names end in --<az-id>--x-s3.
const EXPRESS_BUCKET = /--([a-z0-9-]+)--x-s3$/;

/**
 * Builds request URLs for one bucket. With an endpoint, path style appends `/<bucket>` and
 * virtual-hosted style puts the bucket in front of the endpoint's host; without one, the AWS
 * regional endpoint (or the S3 Express zonal endpoint) is used.
 */
export class Addressing {
  /** Scheme, host and port of every request. */
  readonly origin: string;
  /** Path up to the bucket: `/<bucket>` in path style, empty in virtual-hosted style. */
  readonly basePath: string;

  constructor(o: AddressingOptions) {
    const zone = EXPRESS_BUCKET.exec(o.bucket)?.[1];
    if (o.endpoint) {
      const url = new URL(o.endpoint);
      const path = url.pathname.replace(/\/+$/, "");
      if (o.virtualHostedStyle) url.hostname = `${o.bucket}.${url.hostname}`;
      this.origin = url.origin;
      this.basePath = o.virtualHostedStyle ? path : `${path}/${o.bucket}`;
    } else if (o.s3Express && zone) {
      this.origin = `https://${o.bucket}.s3express-${zone}.${o.region}.amazonaws.com`;
      this.basePath = "";
    } else if (o.virtualHostedStyle) {
      this.origin = `https://${o.bucket}.s3.${o.region}.amazonaws.com`;
      this.basePath = "";
    } else {
      this.origin = `https://s3.${o.region}.amazonaws.com`;
      this.basePath = `/${o.bucket}`;
    }
  }

  /** The URL of a key (or of the bucket when `key` is undefined) with a query. */
  url(key: string | undefined, query: Record<string, string> = {}): URL {
    const q = encodeQuery(query);
    const tail = key === undefined ? (this.basePath ? "" : "/") : `/${encodeKey(key)}`;
    return new URL(`${this.origin}${this.basePath}${tail}${q ? `?${q}` : ""}`);
  }
}
