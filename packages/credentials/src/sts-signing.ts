import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Credentials } from "./types.js";

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}

// The hash smithy's signer needs, on node:crypto. The S3 signer package has a tuned one; STS
// calls are about hourly, so this plain one is enough here (and avoids a package cycle).
class Sha256 {
  readonly #hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.#hash =
      secret === undefined
        ? createHash("sha256")
        : createHmac("sha256", typeof secret === "string" ? secret : toBytes(secret));
  }
  update(data: Uint8Array): void {
    this.#hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return this.#hash.digest();
  }
}

/** SigV4 headers for a form POST to STS (AssumeRole needs a signed request). */
export async function signStsPost(
  url: URL,
  body: string,
  headers: Record<string, string>,
  credentials: Credentials,
  region: string,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: "sts",
    region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: {},
    headers: { ...headers, host: url.host },
    body,
  });
  const { host: _host, ...rest } = signed.headers;
  return rest;
}
