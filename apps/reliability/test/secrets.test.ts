import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { inspect, promisify } from "node:util";
import { ConfigError } from "@objstore/config-keys";
import { CredentialsError, containerProvider, imdsProvider } from "@objstore/credentials";
import { HttpError } from "@objstore/http-client";
import { ObjectStoreError, S3Store } from "@objstore/s3-store";
import { freePort } from "@objstore/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "../src/index.js";
import { type ScriptedServer, startScriptedServer, xml } from "./support/scripted-server.js";
import { admin, testServer } from "./support/server.js";

const SECRET = "SeCrEtKeY-reliability-7f3a91c2-never-print-me";
const TOKEN = "SeSsIoNtOkEn-reliability-FwoGZXIvYXdzEJr-never-print-me";
const URL_PASSWORD = "UrLpAsSwOrD-reliability-never-print-me";
const signatures = new Set<string>();

function recordSignature(headers: Record<string, string | string[] | undefined>): void {
  const m = /Signature=([0-9a-f]{64})/.exec(String(headers.authorization ?? ""));
  if (m?.[1]) signatures.add(m[1]);
}

/** Everything a user or a log could see of a value: strings, inspect, JSON, stack, cause chain. */
function exposure(value: unknown): string {
  const parts: string[] = [];
  const visited = new Set<unknown>();
  const visit = (v: unknown, depth: number) => {
    if (v === null || v === undefined || visited.has(v) || depth > 8) return;
    if (typeof v === "object") visited.add(v);
    parts.push(`${v}`);
    parts.push(inspect(v, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }));
    try {
      parts.push(JSON.stringify(v) ?? "");
    } catch {}
    if (v instanceof Error) {
      parts.push(v.message, v.stack ?? "", JSON.stringify(v, Object.getOwnPropertyNames(v)));
      for (const k of Object.getOwnPropertyNames(v))
        visit((v as unknown as Record<string, unknown>)[k], depth + 1);
      visit(v.cause, depth + 1);
      if (v instanceof AggregateError) for (const e of v.errors) visit(e, depth + 1);
    }
  };
  visit(value, 0);
  return parts.join("\n");
}

function expectNoSecret(value: unknown): void {
  const text = exposure(value);
  expect(text.length).toBeGreaterThan(0);
  for (const secret of [SECRET, TOKEN, URL_PASSWORD, ...signatures]) {
    expect(text.includes(secret), `a secret shows in:\n${text.slice(0, 2000)}`).toBe(false);
  }
}

async function failure(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

let proxy: FaultProxy;
let scripted: ScriptedServer;
let bucket: string;

beforeAll(async () => {
  bucket = await admin().createBucket("secrets");
  proxy = await startFaultProxy({
    upstream: testServer().endpoint,
    onRequest: (c) => recordSignature(c.headers),
  });
  scripted = await startScriptedServer();
});

afterAll(async () => {
  await proxy?.close();
  await scripted?.close();
  if (bucket) await admin().removeBucket(bucket);
});

function secretStore(endpoint: string, extra: Record<string, unknown> = {}) {
  return new S3Store({
    env: false,
    bucket,
    config: {
      endpoint,
      region: testServer().region,
      access_key_id: testServer().accessKeyId,
      secret_access_key: SECRET,
      session_token: TOKEN,
      allow_http: true,
      ...extra,
    },
    clientOptions: { read_timeout: "1s" },
    retryConfig: { maxRetries: 1, backoff: { initBackoff: 5, maxBackoff: 10 } },
  });
}

describe("no secret key, session token or signature ever shows", () => {
  it("the leak detector itself sees into causes, hidden properties and JSON", () => {
    expect(exposure(new Error("outer", { cause: new Error(`inner ${SECRET}`) }))).toContain(SECRET);
    expect(exposure(Object.assign(new Error("x"), { headers: { token: TOKEN } }))).toContain(TOKEN);
  });

  it("bad signature from the real server, on every operation", async () => {
    const store = secretStore(proxy.url);
    const errors = [
      await failure(() => store.put("a.txt", "x")),
      await failure(() => store.get("a.txt")),
      await failure(() => store.head("a.txt")),
      await failure(() => store.list().collect()),
      await failure(() => store.delete(["a.txt", "b.txt"])),
      await failure(() => store.copy("a.txt", "b.txt")),
      await failure(() => store.put("big.bin", new Uint8Array(6 * 1024 * 1024))),
    ];
    await store.close();
    expect(signatures.size).toBeGreaterThan(5);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ObjectStoreError);
      expect((error as ObjectStoreError).status).toBeGreaterThanOrEqual(400);
      expectNoSecret(error);
    }
    expectNoSecret(store);
  });

  it("network errors, timeouts and exhausted retries; an endpoint URL with credentials is refused", async () => {
    const closedPort = await freePort();
    scripted.handle = (req, res) => {
      recordSignature(req.headers);
      if (req.url?.includes("hang")) return;
      xml(res, req, 503, "<Error><Code>SlowDown</Code></Error>");
    };
    const withPassword = (() => {
      try {
        secretStore(`http://user:${URL_PASSWORD}@127.0.0.1:${closedPort}`);
      } catch (e) {
        return e;
      }
    })();
    expect(withPassword).toBeInstanceOf(ConfigError);
    expectNoSecret(withPassword);
    const refused = secretStore(`http://127.0.0.1:${closedPort}`);
    const busy = secretStore(scripted.url);
    const errors = [
      await failure(() => refused.put("a", "x")),
      await failure(() => busy.put("a", "x")),
      await failure(() => busy.get("hang")),
      await failure(() => busy.put("mp", new Uint8Array(6 * 1024 * 1024))),
    ];
    expect(errors[0]).toBeInstanceOf(HttpError);
    expect(errors[1]).toMatchObject({ status: 503 });
    expect(errors[2]).toMatchObject({ name: "TimeoutError" });
    for (const error of [...errors]) expectNoSecret(error);
    expectNoSecret(refused);
    await refused.close();
    await busy.close();
    expect(scripted.seen.some((r) => r.headers["x-amz-security-token"] === TOKEN)).toBe(true);
  });

  it("configuration errors never echo a secret", () => {
    const cases = [
      { secret_acess_key: SECRET },
      { secret_access_key: SECRET, allow_http: "maybe" },
      { session_token: TOKEN, endpoint: `ftp://user:${URL_PASSWORD}@host/` },
      { secret_access_key: SECRET, checksum_algorithm: "md5" },
      { token: TOKEN, server_side_encryption: "sse-c" },
    ];
    for (const config of cases) {
      const error = (() => {
        try {
          new S3Store({ env: false, bucket: "secret-bucket", config: { region: "r", ...config } });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expectNoSecret(error);
    }
  });

  it("a store prints redacted: inspect, JSON, template strings", () => {
    const store = secretStore("http://127.0.0.1:1", {
      sse_customer_key_base64: Buffer.alloc(32, 7).toString("base64"),
      server_side_encryption: "sse-c",
    });
    expectNoSecret(store);
    expect(exposure(store)).not.toContain(Buffer.alloc(32, 7).toString("base64"));
  });

  it("debug logging at its most verbose (NODE_DEBUG) shows no secret", async () => {
    scripted.handle = (req, res) => {
      recordSignature(req.headers);
      xml(res, req, 403, "<Error><Code>SignatureDoesNotMatch</Code></Error>");
    };
    const script = fileURLToPath(new URL("./support/failing-client.mjs", import.meta.url));
    const run = promisify(execFile);
    const { stdout, stderr } = await run(process.execPath, [script, scripted.url, SECRET, TOKEN], {
      env: { ...process.env, NODE_DEBUG: "undici,fetch,http,http2,net,tls,https" },
      cwd: fileURLToPath(new URL("..", import.meta.url)),
    });
    const output = `${stdout}\n${stderr}`;
    expect(output).toMatch(/UNDICI|NET/);
    expect(output).toMatch(/UnauthenticatedError/);
    for (const secret of [SECRET, TOKEN, ...signatures])
      expect(output.includes(secret)).toBe(false);
  });
});

describe("credentials go only where they may", () => {
  it("container credentials: a full URI over http to a non-allowed host is refused before any request", async () => {
    for (const fullUri of [
      "http://203.0.113.7/creds",
      "http://169.254.169.254/creds",
      "http://example.com:80/x",
    ]) {
      const error = await failure(() =>
        containerProvider({ fullUri, authorizationToken: TOKEN, env: {} }).getCredentials(),
      );
      expect(error).toBeInstanceOf(CredentialsError);
      expect((error as Error).message).toMatch(/not allowed/);
      expectNoSecret(error);
    }
  });

  it("container credentials: a loopback full URI gets the token (and only it)", async () => {
    const agent = await startScriptedServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          AccessKeyId: "AKIACONTAINER0000001",
          SecretAccessKey: SECRET,
          Token: TOKEN,
          Expiration: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      );
    });
    const creds = await containerProvider({
      fullUri: `${agent.url}/v1/credentials`,
      authorizationToken: "container-auth-token",
      env: {},
    }).getCredentials();
    expect(creds.secretAccessKey).toBe(SECRET);
    expect(agent.seen.map((r) => [r.url, r.headers.authorization])).toEqual([
      ["/v1/credentials", "container-auth-token"],
    ]);
    expectNoSecret(creds);
    await agent.close();
  });

  it("IMDS is asked only on the configured metadata endpoint, and its credentials stay hidden", async () => {
    const imds = await startScriptedServer((req, res) => {
      if (req.method === "PUT" && req.url === "/latest/api/token") return res.end("imds-token");
      if (req.headers["x-aws-ec2-metadata-token"] !== "imds-token") return res.writeHead(401).end();
      if (req.url === "/latest/meta-data/iam/security-credentials/") return res.end("role-a");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          Code: "Success",
          AccessKeyId: "AKIAIMDS000000000001",
          SecretAccessKey: SECRET,
          Token: TOKEN,
          Expiration: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      );
    });
    scripted.seen.length = 0;
    scripted.handle = (req, res) => {
      recordSignature(req.headers);
      xml(res, req, 403, "<Error><Code>InvalidAccessKeyId</Code></Error>");
    };
    const store = new S3Store({
      env: false,
      bucket: "imds-bucket",
      config: {
        endpoint: scripted.url,
        region: "us-east-1",
        metadata_endpoint: imds.url,
        allow_http: true,
      },
      retryConfig: { maxRetries: 0 },
    });
    const error = await failure(() => store.put("a", "b"));
    expect(error).toMatchObject({ name: "UnauthenticatedError" });
    expectNoSecret(error);
    expectNoSecret(store);
    expect(imds.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      "PUT /latest/api/token",
      "GET /latest/meta-data/iam/security-credentials/",
      "GET /latest/meta-data/iam/security-credentials/role-a",
    ]);
    expect(String(scripted.seen[0]?.headers.authorization)).toContain(
      "Credential=AKIAIMDS000000000001/",
    );
    expect(scripted.seen[0]?.headers["x-amz-security-token"]).toBe(TOKEN);
    await store.close();
    const direct = await imdsProvider({ endpoint: imds.url, env: {} }).getCredentials();
    expectNoSecret(direct);
    await imds.close();
  });
});
