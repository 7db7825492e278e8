import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { parseS3Config, type S3Config } from "@objstore/config-keys";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CredentialChainError, CredentialsError, defaultProviderChain } from "../src/index.js";
import {
  credentialJson,
  type FakeServer,
  type Reply,
  startFakeServer,
  stsSuccess,
} from "./fake-server.js";

let dir: string;
let sts: FakeServer;
let agent: FakeServer;
let imds: FakeServer;
let stsReply: () => Reply;
let agentDelayMs = 0;
const far = "2035-01-01T00:00:00Z";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "objstore-chain-"));
  await writeFile(join(dir, "jwt"), "chain-jwt");
  await writeFile(
    join(dir, "credentials"),
    "[default]\naws_access_key_id = PROFILEKEY\naws_secret_access_key = profile-secret\n",
  );
  sts = await startFakeServer(() => stsReply());
  agent = await startFakeServer(() => ({
    delayMs: agentDelayMs,
    body: credentialJson({
      id: "CONTAINERKEY",
      secret: "container-secret",
      token: "container-token",
      expiration: far,
    }),
  }));
  imds = await startFakeServer((req) => {
    if (req.method === "PUT") return { body: "tok" };
    if (req.path.endsWith("/security-credentials/")) return { body: "role" };
    return {
      body: credentialJson({
        id: "IMDSKEY",
        secret: "imds-secret",
        token: "imds-token",
        expiration: far,
      }),
    };
  });
});
afterAll(async () => {
  await Promise.all([sts.close(), agent.close(), imds.close()]);
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  for (const s of [sts, agent, imds]) s.requests.length = 0;
  agentDelayMs = 0;
  stsReply = () => ({
    body: stsSuccess("AssumeRoleWithWebIdentity", {
      id: "WEBIDKEY",
      secret: "webid-secret",
      token: "webid-token",
      expiration: far,
    }),
  });
});

/** Every source configured; tests remove them one at a time. */
function everything(): Record<string, string> {
  return {
    access_key_id: "CONFIGKEY",
    secret_access_key: "config-secret",
    web_identity_token_file: join(dir, "jwt"),
    role_arn: "arn:aws:iam::1:role/chain",
    endpoint_url_sts: sts.origin,
    container_credentials_full_uri: `${agent.origin}/creds`,
    shared_credentials_file: join(dir, "credentials"),
    config_file: join(dir, "config-missing"),
    metadata_endpoint: imds.origin,
  };
}

const ENV_KEYS = { AWS_ACCESS_KEY_ID: "ENVKEY", AWS_SECRET_ACCESS_KEY: "env-secret" };

function chain(config: S3Config, env: Record<string, string> = ENV_KEYS) {
  return defaultProviderChain(config, { env, allowHttpSts: true });
}

function without(config: Record<string, string>, ...keys: string[]): S3Config {
  return parseS3Config(
    Object.fromEntries(Object.entries(config).filter(([k]) => !keys.includes(k))),
  );
}

describe("defaultProviderChain order", () => {
  it("config keys, then env, then web identity, then container, then profile, then IMDS", async () => {
    const all = everything();
    const steps: [S3Config, Record<string, string>, string][] = [
      [without(all), ENV_KEYS, "CONFIGKEY"],
      [without(all, "access_key_id", "secret_access_key"), ENV_KEYS, "ENVKEY"],
      [without(all, "access_key_id", "secret_access_key"), {}, "WEBIDKEY"],
      [without(all, "access_key_id", "secret_access_key", "role_arn"), {}, "CONTAINERKEY"],
      [
        without(
          all,
          "access_key_id",
          "secret_access_key",
          "role_arn",
          "container_credentials_full_uri",
        ),
        {},
        "PROFILEKEY",
      ],
      [
        without(
          all,
          "access_key_id",
          "secret_access_key",
          "role_arn",
          "container_credentials_full_uri",
          "shared_credentials_file",
        ),
        { HOME: dir },
        "IMDSKEY",
      ],
    ];
    for (const [config, env, expected] of steps)
      expect((await chain(config, env).getCredentials()).accessKeyId).toBe(expected);
  });

  it("contacts nothing before the first getCredentials, and only what it needs", async () => {
    const p = chain(without(everything(), "access_key_id", "secret_access_key", "role_arn"), {});
    expect(agent.requests.length + imds.requests.length + sts.requests.length).toBe(0);
    await p.getCredentials();
    expect(agent.requests).toHaveLength(1);
    expect(imds.requests.length + sts.requests.length).toBe(0);
  });
});

describe("defaultProviderChain failures", () => {
  it("lists every source tried and why, without secrets, when none is set up", async () => {
    const config = parseS3Config({
      shared_credentials_file: join(dir, "none-1"),
      config_file: join(dir, "none-2"),
      ec2_metadata_disabled: "true",
      session_token: "lonely-session-token",
    });
    const err = await chain(config, {})
      .getCredentials()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialChainError);
    const e = err as CredentialChainError;
    expect(e.attempts.map((a) => a.source)).toEqual([
      "config",
      "environment",
      "web identity",
      "container",
      "profile files",
      "instance metadata",
    ]);
    expect(e.attempts.every((a) => a.reason.length > 0)).toBe(true);
    expect(e.message).toContain("no AWS credentials found");
    expect(e.message).toContain("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
    expect(e.message).toContain("ec2_metadata_disabled");
    expect(e.message).toContain(join(dir, "none-1"));
    expect(e.message).not.toContain("lonely-session-token");
  });

  it("stops at a source that is set up but fails, and says which", async () => {
    stsReply = () => ({
      status: 403,
      body: "<ErrorResponse><Error><Code>AccessDenied</Code><Message>Not authorized</Message></Error></ErrorResponse>",
    });
    const err = await chain(without(everything(), "access_key_id", "secret_access_key"), {})
      .getCredentials()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialChainError);
    const e = err as CredentialChainError;
    expect(e.message).toContain("web identity is configured but failed");
    expect(e.attempts.at(-1)).toMatchObject({ source: "web identity" });
    expect(e.attempts.at(-1)?.reason).toContain("403 AccessDenied");
    expect(e.cause).toBeInstanceOf(CredentialsError);
    expect(agent.requests).toHaveLength(0);
    expect(e.message).not.toContain("chain-jwt");
  });

  it("treats a half-set key pair in the config as an error", async () => {
    const err = await chain(parseS3Config({ secret_access_key: "half-secret" }), {})
      .getCredentials()
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/access_key_id is not set but secret_access_key is/);
    expect((err as Error).message).not.toContain("half-secret");
  });
});

describe("defaultProviderChain caching", () => {
  it("fetches static keys once", async () => {
    const p = chain(without(everything()));
    const a = await p.getCredentials();
    expect(await p.getCredentials()).toBe(a);
  });

  it("shares one container fetch among 100 concurrent callers", async () => {
    agentDelayMs = 50;
    const p = chain(without(everything(), "access_key_id", "secret_access_key", "role_arn"), {});
    const all = await Promise.all(Array.from({ length: 100 }, () => p.getCredentials()));
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(["CONTAINERKEY"]));
    expect(agent.requests).toHaveLength(1);
  });

  it("prints its sources, never secrets", async () => {
    const p = chain(without(everything()));
    const creds = await p.getCredentials();
    for (const shown of [
      inspect(p),
      JSON.stringify(p),
      `${p}`,
      inspect(creds),
      JSON.stringify(creds),
    ]) {
      expect(shown).not.toContain("config-secret");
    }
  });
});
