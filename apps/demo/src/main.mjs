// `npm run demo`: a short tour for a newcomer, against a real S3 server on this machine — the
// one `npm run demo` started (S3_TEST_* in the environment), else one started here (MinIO when a
// `minio` binary is on PATH, else Ceph RGW, installed on first use).
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { normalizeS3ConfigKey, parseS3Config } from "@objstore/config-keys";
import { AlreadyExistsError, ConfigError, S3Store } from "@objstore/s3-store";
import { BucketAdmin, startS3Server } from "@objstore/testkit";
import { parseS3Url } from "@objstore/url-parser";
import { startFlakyProxy } from "./flaky-proxy.mjs";

const MiB = 1024 * 1024;
const BIG = 64 * MiB;
const timings = [];

const title = (text) => console.log(`\n\x1b[1m${text}\x1b[0m`);
const show = (label, value) =>
  console.log(
    `  ${label.padEnd(44)} → ${typeof value === "string" ? value : JSON.stringify(value)}`,
  );
const mib = (bytes) =>
  `${Number.isInteger(bytes / MiB) ? bytes / MiB : (bytes / MiB).toFixed(1)} MiB`;

/** Runs one step of the tour and remembers how long it took. */
async function step(label, work) {
  const started = performance.now();
  const result = await work();
  timings.push({ label, ms: performance.now() - started });
  return result;
}

/** A progress bar redrawn in place on a terminal, printed once when done otherwise. */
function progressBar(total) {
  const draw = (done) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    return `  [${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round((done / total) * 100)).padStart(3)}%  ${mib(done)} / ${mib(total)}`;
  };
  return ({ bytesUploaded, parts }) => {
    const line = `${draw(bytesUploaded)}  (${parts} parts)`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
    if (bytesUploaded === total) process.stdout.write(process.stdout.isTTY ? "\n" : `${line}\n`);
  };
}

/** Writes `size` pseudo-random bytes to `file`; returns their SHA-256. */
async function generateFile(file, size) {
  const hash = createHash("sha256");
  let seed = 0x2545f491;
  async function* chunks() {
    for (let done = 0; done < size; done += MiB) {
      const chunk = Buffer.alloc(Math.min(MiB, size - done));
      for (let i = 0; i < chunk.length; i += 4) {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        chunk.writeInt32LE(seed | 0, i);
      }
      hash.update(chunk);
      yield chunk;
    }
  }
  await pipeline(chunks(), createWriteStream(file));
  return hash.digest("hex");
}

title("1. Configuration in one breath");
show('"AWS_ACCESS_KEY_ID", "accessKeyId", "aws_token"', [
  normalizeS3ConfigKey("AWS_ACCESS_KEY_ID"),
  normalizeS3ConfigKey("accessKeyId"),
  normalizeS3ConfigKey("aws_token"),
]);
show(
  "https://my-bucket.s3.eu-west-1.amazonaws.com/logs",
  parseS3Url("https://my-bucket.s3.eu-west-1.amazonaws.com/logs"),
);
try {
  parseS3Config({ acess_key_id: "AKIA" });
} catch (err) {
  show(
    "a typo in a key",
    `${err instanceof ConfigError ? "ConfigError" : err.name}: ${err.message}`,
  );
}

title("2. A real S3 server and a bucket");
const server = await startS3Server();
show("server", `${server.kind} at ${server.endpoint}`);
// Bucket administration is not part of S3Store (a store lives inside one bucket): BucketAdmin
// signs those few calls by hand with @objstore/signer.
const admin = new BucketAdmin(server);
const bucket = await step("create bucket", () => admin.createBucket("demo"));
show("created bucket", bucket);
const store = S3Store.fromUrl(`${server.endpoint}/${bucket}`, {
  env: false,
  config: {
    access_key_id: server.accessKeyId,
    secret_access_key: server.secretAccessKey,
    region: server.region,
    allow_http: true,
  },
});
show("store", `${store}`);
const scratch = await mkdtemp(join(tmpdir(), "objstore-demo-"));

try {
  title("3. Put and get text");
  await step("put text", () =>
    store.put("notes/hello.txt", "Hello from objstore!", {
      attributes: { metadata: { author: "demo" } },
    }),
  );
  const hello = await step("get text", () => store.get("notes/hello.txt"));
  show('get("notes/hello.txt")', await hello.text());
  show("its metadata", { size: hello.meta.size, eTag: hello.meta.eTag, ...hello.attributes });

  title(`4. A ${mib(BIG)} generated file, uploaded in parts`);
  const file = join(scratch, "generated.bin");
  const sha256 = await generateFile(file, BIG);
  show("generated", `${file} (sha256 ${sha256.slice(0, 16)}…)`);
  const put = await step(`put ${mib(BIG)} (multipart)`, () =>
    store.put("data/generated.bin", createReadStream(file), {
      chunkSize: 8 * MiB,
      maxConcurrency: 4,
      onProgress: progressBar(BIG),
    }),
  );
  show("multipart ETag", put.eTag ?? (await store.head("data/generated.bin")).eTag);
  const back = createHash("sha256");
  await step(`get ${mib(BIG)} (streamed)`, async () => {
    for await (const chunk of await store.get("data/generated.bin")) back.update(chunk);
  });
  show("downloaded sha256 matches", back.digest("hex") === sha256);

  title("5. List with a delimiter");
  await Promise.all(
    ["notes/todo.txt", "notes/2026/jan.txt", "notes/2026/feb.txt"].map((p) => store.put(p, p)),
  );
  const listing = await step("list with delimiter", () => store.listWithDelimiter("notes"));
  show('listWithDelimiter("notes") prefixes', listing.commonPrefixes);
  show(
    'listWithDelimiter("notes") objects',
    listing.objects.map((o) => `${o.path} (${o.size} B)`),
  );
  show(
    "list() everything",
    (await store.list().collect()).map((m) => m.path),
  );

  title("6. Ranged reads");
  const range = await step("ranged read", () =>
    store.getRange("notes/hello.txt", { start: 0, end: 5 }),
  );
  show("getRange(hello.txt, 0..5)", Buffer.from(range).toString());
  const tail = await store.get("data/generated.bin", { range: { suffix: 8 } });
  show(
    "last 8 bytes of the 64 MiB file",
    `${Buffer.from(await tail.bytes()).toString("hex")} (range ${JSON.stringify(tail.range)})`,
  );

  title("7. A conditional put that loses, as a typed error");
  await store.put("locks/leader", "node-a", { mode: "create" });
  try {
    await store.put("locks/leader", "node-b", { mode: "create" });
  } catch (err) {
    show("err instanceof AlreadyExistsError", err instanceof AlreadyExistsError);
    show("err.message", err.message);
  }
  show("the lock still holds", await (await store.get("locks/leader")).text());

  title("8. A presigned URL, fetched with plain fetch");
  const url = await store.signUrl("GET", "notes/hello.txt", 60);
  show("signUrl(GET, 60 s)", `${url.slice(0, 72)}…`);
  const fetched = await step("fetch presigned URL", () => fetch(url));
  show(`fetch → ${fetched.status}`, await fetched.text());

  title("9. Copy, rename, delete");
  await step("copy", () => store.copy("notes/hello.txt", "archive/hello.txt"));
  await step("rename", () => store.rename("notes/todo.txt", "archive/todo.txt"));
  show(
    "archive/ after copy + rename",
    (await store.list("archive").collect()).map((m) => m.path),
  );
  const notes = (await store.list("notes").collect()).map((m) => m.path);
  await step("delete (bulk)", () => store.delete(notes));
  show(
    "notes/ after delete",
    (await store.list("notes").collect()).map((m) => m.path),
  );

  title("10. Retries: a flaky proxy in front of the server");
  const proxy = await startFlakyProxy(server.endpoint, [
    { match: (r) => r.method === "PUT", kind: "503" },
    { match: (r) => r.method === "PUT", kind: "503" },
    {
      match: (r) => r.method === "GET" && r.url.includes("generated.bin"),
      kind: "cut",
      afterBytes: 20 * MiB,
    },
  ]);
  const flaky = S3Store.fromUrl(`${proxy.url}/${bucket}`, {
    env: false,
    config: {
      access_key_id: server.accessKeyId,
      secret_access_key: server.secretAccessKey,
      region: server.region,
      allow_http: true,
    },
  });
  try {
    await step("put through 2× 503 SlowDown", () => flaky.put("flaky/ok.txt", "made it"));
    const resumed = createHash("sha256");
    await step(`get ${mib(BIG)}, cut at 20 MiB`, async () => {
      for await (const chunk of await flaky.get("data/generated.bin")) resumed.update(chunk);
    });
    for (const r of proxy.log)
      console.log(
        `  ${r.method.padEnd(4)} ${decodeURI(r.url.split("?")[0]).padEnd(44)} ${r.range ? `Range: ${r.range}  ` : ""}${r.fault ? `← fault: ${r.fault === "503" ? "503 SlowDown" : "connection cut mid-body"}` : "← ok"}`,
      );
    const faults = proxy.log.filter((r) => r.fault);
    show(
      "faults injected → absorbed",
      `${faults.filter((r) => r.fault === "503").length} × 503 retried, ${faults.filter((r) => r.fault === "cut").length} cut download resumed, ${proxy.log.length} requests in all`,
    );
    show("put succeeded after retries", await (await store.get("flaky/ok.txt")).text());
    show("download resumed, sha256 matches", resumed.digest("hex") === sha256);
  } finally {
    await flaky.close();
    await proxy.close();
  }

  title("11. Timing");
  for (const { label, ms } of timings) {
    const rate = /(\d+(?:\.\d)?) MiB/.exec(label);
    const speed = rate ? `  (${(Number(rate[1]) / (ms / 1000)).toFixed(0)} MiB/s)` : "";
    console.log(`  ${label.padEnd(36)} ${ms.toFixed(0).padStart(6)} ms${speed}`);
  }
  console.log(
    "  (retries back off from 100 ms, up to 10 retries within 3 minutes by default: retryConfig)",
  );
} finally {
  await store.close();
  await admin.removeBucket(bucket);
  await rm(scratch, { recursive: true, force: true });
  await server.stop();
  console.log(`\nRemoved bucket ${bucket}. That was objstore.`);
}
