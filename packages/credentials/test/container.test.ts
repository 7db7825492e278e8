import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CredentialsError, CredentialsNotFoundError, containerProvider } from "../src/index.js";
import { credentialJson, type FakeServer, type Reply, startFakeServer } from "./fake-server.js";

let dir: string;
let agent: FakeServer;
let reply: () => Reply;
const CREDS = {
  id: "ASIACONTAINER",
  secret: "container-secret",
  token: "container-token",
  expiration: "2031-05-01T00:00:00Z",
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "objstore-container-"));
  agent = await startFakeServer(() => reply());
});
afterAll(async () => {
  await agent.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  agent.requests.length = 0;
  reply = () => ({ headers: { "content-type": "application/json" }, body: credentialJson(CREDS) });
});

describe("containerProvider (ECS relative URI)", () => {
  it("GETs the relative URI from the agent, without authorization", async () => {
    const creds = await containerProvider({
      relativeUri: "/v2/credentials/task-uuid",
      ecsEndpoint: agent.origin,
      env: {},
    }).getCredentials();
    expect(creds).toMatchObject({
      accessKeyId: "ASIACONTAINER",
      secretAccessKey: "container-secret",
      sessionToken: "container-token",
    });
    expect(creds.expiration?.toISOString()).toBe("2031-05-01T00:00:00.000Z");
    expect(agent.requests).toHaveLength(1);
    expect(agent.requests[0]).toMatchObject({ method: "GET", path: "/v2/credentials/task-uuid" });
    expect(agent.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("reads AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", async () => {
    await containerProvider({
      ecsEndpoint: agent.origin,
      env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/creds" },
    }).getCredentials();
    expect(agent.requests[0]?.path).toBe("/creds");
  });
});

describe("containerProvider (full URI, EKS Pod Identity)", () => {
  it("sends the token file's content as Authorization, re-reading it on every fetch", async () => {
    const tokenFile = join(dir, "eks-token");
    await writeFile(tokenFile, "first-pod-token\n");
    const p = containerProvider({
      fullUri: `${agent.origin}/v1/credentials`,
      authorizationTokenFile: tokenFile,
      env: {},
    });
    await p.getCredentials();
    await writeFile(tokenFile, "second-pod-token");
    await p.getCredentials();
    expect(agent.requests.map((r) => r.headers.authorization)).toEqual([
      "first-pod-token",
      "second-pod-token",
    ]);
    expect(agent.requests[0]?.path).toBe("/v1/credentials");
  });

  it("uses AWS_CONTAINER_AUTHORIZATION_TOKEN, and the file wins over it", async () => {
    await containerProvider({
      env: {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${agent.origin}/c`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: "env-token",
      },
    }).getCredentials();
    const tokenFile = join(dir, "file-token");
    await writeFile(tokenFile, "file-token");
    await containerProvider({
      env: {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${agent.origin}/c`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: "env-token",
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile,
      },
    }).getCredentials();
    expect(agent.requests.map((r) => r.headers.authorization)).toEqual(["env-token", "file-token"]);
  });

  it.each(["http://example.com/creds", "http://10.0.0.5/creds", "http://169.254.169.254/latest"])(
    "refuses plain http to %s, contacting nothing",
    async (fullUri) => {
      const err = await containerProvider({ fullUri, env: {} })
        .getCredentials()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CredentialsError);
      expect((err as Error).message).toMatch(/is not allowed over http:/);
    },
  );

  it.each(["127.0.0.1", "localhost"])("accepts loopback host %s", async (host) => {
    const port = new URL(agent.origin).port;
    await containerProvider({ fullUri: `http://${host}:${port}/x`, env: {} }).getCredentials();
    expect(agent.requests).toHaveLength(1);
  });

  it("refuses a token with a line break (header injection)", async () => {
    await expect(
      containerProvider({
        fullUri: `${agent.origin}/x`,
        authorizationToken: "a\r\nx-evil: 1",
        env: {},
      }).getCredentials(),
    ).rejects.toThrow(/line break/);
    expect(agent.requests).toHaveLength(0);
  });
});

describe("containerProvider errors", () => {
  it("is 'not found' when no URI is set", async () => {
    await expect(containerProvider({ env: {} }).getCredentials()).rejects.toBeInstanceOf(
      CredentialsNotFoundError,
    );
  });

  it("reports the status and message of a failed answer", async () => {
    reply = () => ({
      status: 401,
      body: JSON.stringify({ code: "AccessDenied", message: "bad token" }),
    });
    const err = await containerProvider({
      fullUri: `${agent.origin}/x`,
      authorizationToken: "tok-123",
      env: {},
    })
      .getCredentials()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toContain("answered 401 (AccessDenied: bad token)");
    expect((err as Error).message).not.toContain("tok-123");
  });

  it("does not quote a malformed body (it may hold a secret)", async () => {
    reply = () => ({ body: '{"AccessKeyId":"AKID","SecretAccessKey":' });
    const err = await containerProvider({ fullUri: `${agent.origin}/x`, env: {} })
      .getCredentials()
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/not valid JSON/);
    expect((err as Error).message).not.toContain("AKID");
  });

  it("prints the token redacted", () => {
    const p = containerProvider({
      fullUri: `${agent.origin}/x`,
      authorizationToken: "tok-SECRET",
      env: {},
    });
    for (const shown of [inspect(p), JSON.stringify(p), `${p}`])
      expect(shown).not.toContain("tok-SECRET");
  });
});
