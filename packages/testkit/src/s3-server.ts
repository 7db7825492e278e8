import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** What a test suite may rely on a server for; anything false is reported, not hidden. */
export interface S3ServerCapabilities {
  /** `If-None-Match: *` on PutObject. */
  conditionalPutCreate: boolean;
  /** `If-Match: <etag>` on PutObject with the quoted ETag S3 returns. */
  conditionalPutIfMatchQuoted: boolean;
  /** `If-None-Match: *` honoured on CompleteMultipartUpload and CopyObject. */
  conditionalCompleteAndCopy: boolean;
  /** `x-amz-checksum-*` verified and returned. */
  checksumVerification: boolean;
  /** Requests to `<bucket>.<host>` work. */
  virtualHostedStyle: boolean;
  /** CompleteMultipartUpload returns the ETag. */
  completeReturnsETag: boolean;
}

/** A running S3 server for tests. */
export interface S3TestServer {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  kind: "external" | "minio" | "ceph-rgw";
  capabilities: S3ServerCapabilities;
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

const ACCESS_KEY = "AKIAOBJSTORETEST0000";
const SECRET_KEY = "objstore-test-secret-0000000000000000000";

// MinIO's documented behaviour (min.io docs, "S3 API compatibility"): conditional writes
// including on CompleteMultipartUpload, checksums verified, virtual-hosted via MINIO_DOMAIN only.
const MINIO_CAPABILITIES: S3ServerCapabilities = {
  conditionalPutCreate: true,
  conditionalPutIfMatchQuoted: true,
  conditionalCompleteAndCopy: true,
  checksumVerification: true,
  virtualHostedStyle: false,
  completeReturnsETag: true,
};

// Ceph RGW 16.2 as measured (see scripts/ceph-rgw.sh and the project's s3-server notes).
const CEPH_CAPABILITIES: S3ServerCapabilities = {
  conditionalPutCreate: true,
  conditionalPutIfMatchQuoted: false,
  conditionalCompleteAndCopy: false,
  checksumVerification: false,
  virtualHostedStyle: true,
  completeReturnsETag: false,
};

const AWS_CAPABILITIES: S3ServerCapabilities = {
  conditionalPutCreate: true,
  conditionalPutIfMatchQuoted: true,
  conditionalCompleteAndCopy: true,
  checksumVerification: true,
  virtualHostedStyle: true,
  completeReturnsETag: true,
};

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`S3 test server at ${url} did not answer within ${timeoutMs} ms`, {
          cause: error,
        });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, binary);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function fromEnvironment(): S3TestServer | undefined {
  const endpoint = process.env.S3_TEST_ENDPOINT;
  if (!endpoint) return undefined;
  const kind = (process.env.S3_TEST_KIND as S3TestServer["kind"] | undefined) ?? "external";
  return {
    endpoint,
    accessKeyId: process.env.S3_TEST_ACCESS_KEY_ID ?? ACCESS_KEY,
    secretAccessKey: process.env.S3_TEST_SECRET_ACCESS_KEY ?? SECRET_KEY,
    region: process.env.S3_TEST_REGION ?? "us-east-1",
    kind,
    capabilities:
      kind === "ceph-rgw"
        ? CEPH_CAPABILITIES
        : kind === "minio"
          ? MINIO_CAPABILITIES
          : AWS_CAPABILITIES,
    stop: async () => {},
  };
}

async function startMinio(binary: string): Promise<S3TestServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "objstore-minio-"));
  const child = spawn(
    binary,
    [
      "server",
      dir,
      "--address",
      `127.0.0.1:${port}`,
      "--console-address",
      `127.0.0.1:${await freePort()}`,
    ],
    {
      env: { ...process.env, MINIO_ROOT_USER: ACCESS_KEY, MINIO_ROOT_PASSWORD: SECRET_KEY },
      stdio: "ignore",
    },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await waitFor(`${endpoint}/minio/health/live`, 30_000);
  return {
    endpoint,
    accessKeyId: ACCESS_KEY,
    secretAccessKey: SECRET_KEY,
    region: "us-east-1",
    kind: "minio",
    capabilities: MINIO_CAPABILITIES,
    stop: async () => {
      child.kill("SIGTERM");
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const CEPH_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "..", "scripts", "ceph-rgw.sh");

async function startCeph(): Promise<S3TestServer> {
  const dir = await mkdtemp(join(tmpdir(), "objstore-ceph-"));
  const env = {
    ...process.env,
    CEPH_DIR: dir,
    S3_PORT: String(await freePort()),
    MON_PORT: String(await freePort()),
    S3_ACCESS_KEY: ACCESS_KEY,
    S3_SECRET_KEY: SECRET_KEY,
  };
  if (!onPath("radosgw")) {
    console.log(
      "objstore test server: installing Ceph RADOS Gateway from Debian's packages (about a minute, once)…",
    );
    await run("bash", [CEPH_SCRIPT, "install"], { env, maxBuffer: 64 * 1024 * 1024 });
  }
  await run("bash", [CEPH_SCRIPT, "start"], { env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  const endpoint = `http://127.0.0.1:${env.S3_PORT}`;
  await waitFor(endpoint, 30_000);
  return {
    endpoint,
    accessKeyId: ACCESS_KEY,
    secretAccessKey: SECRET_KEY,
    region: "us-east-1",
    kind: "ceph-rgw",
    capabilities: CEPH_CAPABILITIES,
    stop: async () => {
      await run("bash", [CEPH_SCRIPT, "stop"], { env }).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function canInstallCeph(): boolean {
  return process.platform === "linux" && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
}

/**
 * Starts (or finds) a real S3 server for integration tests, in this order:
 * 1. `S3_TEST_ENDPOINT` (+ `S3_TEST_ACCESS_KEY_ID`, `S3_TEST_SECRET_ACCESS_KEY`, `S3_TEST_REGION`,
 *    `S3_TEST_KIND`) set: that server, as is;
 * 2. a `minio` binary on PATH or in `MINIO_BIN`: MinIO on a free loopback port, temporary data;
 * 3. Debian/Ubuntu as root: Ceph RADOS Gateway, installed from Debian's packages if needed;
 * 4. otherwise an error saying how to get one.
 *
 * @example
 * ```ts
 * const server = await startS3Server();
 * try { ... } finally { await server.stop(); }
 * ```
 */
export async function startS3Server(): Promise<S3TestServer> {
  const external = fromEnvironment();
  if (external) return external;
  const minio = process.env.MINIO_BIN ?? onPath("minio");
  if (minio) return startMinio(minio);
  if (canInstallCeph()) return startCeph();
  throw new Error(
    [
      "No S3 server for the integration tests. Give one of:",
      "  - S3_TEST_ENDPOINT=http://127.0.0.1:9000 S3_TEST_ACCESS_KEY_ID=... S3_TEST_SECRET_ACCESS_KEY=... (any S3 server), e.g. MinIO started with",
      "    docker run -p 9000:9000 -e MINIO_ROOT_USER=minioadmin -e MINIO_ROOT_PASSWORD=minioadmin minio/minio server /data",
      "  - a `minio` binary on PATH (or MINIO_BIN=/path/to/minio)",
      "  - a Debian/Ubuntu machine where the tests run as root (Ceph RADOS Gateway is installed from apt)",
    ].join("\n"),
  );
}

/** The environment variables that point later processes at `server` (see {@link startS3Server}). */
export function serverEnv(server: S3TestServer): Record<string, string> {
  return {
    S3_TEST_ENDPOINT: server.endpoint,
    S3_TEST_ACCESS_KEY_ID: server.accessKeyId,
    S3_TEST_SECRET_ACCESS_KEY: server.secretAccessKey,
    S3_TEST_REGION: server.region,
    S3_TEST_KIND: server.kind,
  };
}
