import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermissionDeniedError, S3Store } from "../src/index.js";

const BUCKET = "data--use1-az4--x-s3";
const seen: { url: string; headers: IncomingMessage["headers"] }[] = [];
let sessions = 0;
let denySessions = false;
let endpoint: string;
const server = createServer((req, res) => {
  seen.push({ url: req.url ?? "", headers: req.headers });
  if (req.url?.startsWith(`/${BUCKET}?session`)) {
    sessions++;
    if (denySessions) {
      res.writeHead(403, { "content-type": "application/xml" });
      res.end("<Error><Code>AccessDenied</Code><Message>no session for you</Message></Error>");
      return;
    }
    res.writeHead(200, { "content-type": "application/xml" });
    res.end(
      `<CreateSessionResult><Credentials><SessionToken>session-token-1</SessionToken><SecretAccessKey>session-secret-1</SecretAccessKey><AccessKeyId>ASIASESSION1</AccessKeyId><Expiration>${new Date(Date.now() + 300_000).toISOString()}</Expiration></Credentials></CreateSessionResult>`,
    );
    return;
  }
  res.writeHead(200, {
    "content-length": "2",
    etag: '"e"',
    "last-modified": new Date().toUTCString(),
  });
  res.end("hi");
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function expressStore(): S3Store {
  return new S3Store({
    env: false,
    bucket: BUCKET,
    config: {
      endpoint,
      allow_http: true,
      region: "us-east-1",
      s3_express: true,
      access_key_id: "AKIABASE",
      secret_access_key: "base-secret",
      session_token: "base-token",
    },
  });
}

describe("S3 Express One Zone sessions", () => {
  it("creates one session and signs the bucket's requests with it", async () => {
    seen.length = 0;
    sessions = 0;
    const store = expressStore();
    expect(await (await store.get("a.txt")).text()).toBe("hi");
    expect(await (await store.get("b.txt")).text()).toBe("hi");
    expect(sessions).toBe(1);
    const [create, getA] = seen;
    expect(create?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIABASE\/\d{8}\/us-east-1\/s3express\/aws4_request/,
    );
    expect(create?.headers["x-amz-security-token"]).toBe("base-token");
    expect(create?.headers["x-amz-create-session-mode"]).toBe("ReadWrite");
    expect(getA?.url).toBe(`/${BUCKET}/a.txt`);
    expect(getA?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIASESSION1\/\d{8}\/us-east-1\/s3express\/aws4_request/,
    );
    expect(getA?.headers["x-amz-s3session-token"]).toBe("session-token-1");
    expect(getA?.headers["x-amz-security-token"]).toBeUndefined();
    expect(inspect(store)).not.toMatch(/session-secret-1|base-secret/);
    await store.close();
  });

  it("a refused CreateSession surfaces as a typed error", async () => {
    denySessions = true;
    const store = expressStore();
    const err = await store.get("a.txt").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect((err as Error).message).toMatch(
      /^createSession "data--use1-az4--x-s3" failed: access denied.*; no session for you \(403 AccessDenied\)$/,
    );
    denySessions = false;
    await store.close();
  });
});
