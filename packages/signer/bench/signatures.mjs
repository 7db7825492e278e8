// Signatures per second: S3Signer vs @smithy/signature-v4 with the pure-JS SHA-256 the AWS SDK
// uses where node:crypto is absent, vs aws4. Run after `pnpm run build`: `pnpm run bench`.
// Not a test: numbers vary by machine; the lead reads them.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import aws4 from "aws4";
import { S3Signer } from "../dist/index.js";

const credentials = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  sessionToken: "FwoGZXIvYXdzEJr//////////wEaDExampleSessionToken",
};
const host = "examplebucket.s3.us-east-1.amazonaws.com";
const path = "/data/year%3D2024/part-00001.parquet";
const body = "x".repeat(1024);
const headers = { "content-type": "application/octet-stream", "content-length": "1024" };

const ours = new S3Signer({
  region: "us-east-1",
  credentials: { getCredentials: async () => credentials },
});
const smithy = new SignatureV4({
  service: "s3",
  region: "us-east-1",
  credentials,
  sha256: Sha256,
  uriEscapePath: false,
});

const cases = {
  "objstore S3Signer (node:crypto)": () =>
    ours.sign({ method: "PUT", url: `https://${host}${path}`, headers, body }),
  "@smithy/signature-v4 + @aws-crypto/sha256-js": () =>
    smithy.sign({
      method: "PUT",
      protocol: "https:",
      hostname: host,
      path,
      query: {},
      headers: { ...headers, host },
      body,
    }),
  aws4: () =>
    aws4.sign(
      {
        host,
        path,
        method: "PUT",
        service: "s3",
        region: "us-east-1",
        headers: { ...headers },
        body,
      },
      credentials,
    ),
};

async function rate(fn, ms) {
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) await fn();
    n += 100;
  }
  return n / (ms / 1000);
}

// Rounds interleave the contenders so a busy machine slows them alike; the median round counts.
const ROUNDS = 7;
const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (const fn of Object.values(cases)) await rate(fn, 300);
for (let round = 0; round < ROUNDS; round++)
  for (const [name, fn] of Object.entries(cases)) samples[name].push(await rate(fn, 500));
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = Object.entries(samples)
  .map(([name, xs]) => [name, median(xs)])
  .sort((a, b) => b[1] - a[1]);
for (const [name, perSecond] of results)
  console.log(
    `${name.padEnd(48)} ${Math.round(perSecond).toLocaleString("en-US").padStart(10)} signatures/s`,
  );
console.log(`fastest: ${results[0][0]}`);
