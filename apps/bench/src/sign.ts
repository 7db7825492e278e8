// SigV4 signatures per CPU-second of one signer, in a process of its own:
// `node dist/sign.js <signer> <count>`. Each signature is of a fresh GET (new key, new date), as a
// client signs them; signing keys may be cached across calls, as each library does.
import { cachedProvider, staticProvider } from "@objstore/credentials";
import { S3Signer } from "@objstore/signer";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { AwsV4Signer } from "aws4fetch";
import { SIGNERS } from "./signers.js";

const credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const region = "us-east-1";
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const url = (i: number) => `http://127.0.0.1:9000/bench/data/object-${i}.parquet`;

function signerFor(name: string): (i: number) => Promise<unknown> {
  switch (name) {
    case "objstore": {
      const signer = new S3Signer({
        region,
        credentials: cachedProvider(staticProvider(credentials)),
      });
      return (i) => signer.sign({ method: "GET", url: url(i) });
    }
    case "smithy+node-hash": {
      const signer = new SignatureV4({
        service: "s3",
        region,
        credentials,
        sha256: Hash.bind(null, "sha256"),
        uriEscapePath: false,
        applyChecksum: false,
      });
      return (i) =>
        signer.sign({
          method: "GET",
          protocol: "http:",
          hostname: "127.0.0.1",
          port: 9000,
          path: `/bench/data/object-${i}.parquet`,
          query: {},
          headers: { host: "127.0.0.1:9000", "x-amz-content-sha256": EMPTY_SHA256 },
        });
    }
    case "aws4fetch":
      return (i) =>
        new AwsV4Signer({
          ...credentials,
          region,
          service: "s3",
          url: url(i),
          method: "GET",
        }).sign();
    default:
      throw new Error(`unknown signer ${name}: expected one of ${SIGNERS.join(", ")}`);
  }
}

const [name = "objstore", countArg = "20000"] = process.argv.slice(2);
const count = Number(countArg);
const sign = signerFor(name);
for (let i = 0; i < Math.min(3000, count); i++) await sign(i);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < count; i++) await sign(i);
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
const result = {
  signatures: count,
  perCpuSecond: count / cpuS,
  perSecond: count / ((performance.now() - t0) / 1000),
};
if (process.send) process.send(result, () => process.exit(0));
else console.log(JSON.stringify(result));
