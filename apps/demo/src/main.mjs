// `npm run demo`: a short tour for a newcomer. Config and URL resolution need no server.
import {
  ConfigError,
  clientKeysOf,
  normalizeS3ConfigKey,
  parseClientOptions,
  parseS3Config,
  redactConfig,
  resolveS3Config,
  s3ConfigFromEnv,
} from "@objstore/config-keys";
import { parseS3Url, s3ConfigFromUrl, UrlParseError } from "@objstore/url-parser";

const title = (text) => console.log(`\n\x1b[1m${text}\x1b[0m`);
const show = (label, value) => console.log(`  ${label.padEnd(58)} → ${JSON.stringify(value)}`);

title("1. One key, every spelling");
for (const key of [
  "AWS_ACCESS_KEY_ID",
  "aws_access_key_id",
  "accessKeyId",
  "aws_token",
  "sts_endpoint",
]) {
  show(key, normalizeS3ConfigKey(key));
}

title("2. URLs → bucket, region, endpoint, prefix");
for (const url of [
  "s3://my-bucket/data/2026",
  "https://my-bucket.s3.eu-west-1.amazonaws.com/logs",
  "https://s3.dualstack.us-east-2.amazonaws.com/my-bucket",
  "https://0123abcd.eu.r2.cloudflarestorage.com/media/thumbs",
  "s3://analytics--use1-az4--x-s3/tables",
  "http://127.0.0.1:9000/test-bucket/prefix",
]) {
  show(url, parseS3Url(url));
}

title("3. Precedence: defaults < environment < URL < explicit config");
const env = {
  AWS_REGION: "us-west-2",
  AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  AWS_ENDPOINT_URL_S3: "http://env-endpoint:9000",
  AWS_ALLOW_HTTP: "true",
};
const resolved = resolveS3Config({
  env: s3ConfigFromEnv(env),
  url: s3ConfigFromUrl("https://my-bucket.s3.eu-west-1.amazonaws.com"),
  config: parseS3Config({ endpoint: "http://127.0.0.1:9000" }),
});
show("resolved (secrets redacted)", redactConfig(resolved));
show(
  "client options from env + explicit",
  parseClientOptions(clientKeysOf(resolved), { timeout: "2 minutes" }),
);

title("4. Bad input gets a clear, typed error (and never shows a secret)");
const attempts = [
  () => parseS3Config({ acess_key_id: "AKIA" }),
  () => parseS3Config({ skip_signature: "maybe" }),
  () => parseClientOptions({ timeout: "soon" }),
  () => parseS3Url("https://user:hunter2@s3.amazonaws.com/bucket"),
  () => parseS3Url("gs://bucket/path"),
  () => parseS3Url("s3://Invalid_Bucket/x"),
];
for (const attempt of attempts) {
  try {
    attempt();
  } catch (err) {
    const kind =
      err instanceof ConfigError
        ? "ConfigError"
        : err instanceof UrlParseError
          ? "UrlParseError"
          : err.name;
    console.log(`  ${kind}: ${err.message}`);
  }
}
console.log(
  "\nThe store itself (put/get/list against a local S3 server) joins this tour as it lands.",
);
