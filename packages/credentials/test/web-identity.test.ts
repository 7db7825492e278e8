import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CredentialsError, CredentialsNotFoundError, webIdentityProvider } from "../src/index.js";
import { stsEndpoint } from "../src/sts.js";
import { type FakeServer, type Reply, startFakeServer, stsSuccess } from "./fake-server.js";

const ROLE = "arn:aws:iam::123456789012:role/reader";
const JWT = "eyJhbGciOiJSUzI1NiJ9.first-token.sig";
let dir: string;
let tokenFile: string;
let sts: FakeServer;
let reply: (body: URLSearchParams) => Reply;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "objstore-webid-"));
  tokenFile = join(dir, "token");
  sts = await startFakeServer((req) => reply(new URLSearchParams(req.body)));
});
afterAll(async () => {
  await sts.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  sts.requests.length = 0;
  await writeFile(tokenFile, `${JWT}\n`);
  reply = () => ({
    body: stsSuccess("AssumeRoleWithWebIdentity", {
      id: "ASIAWEBID",
      secret: "web-secret",
      token: "web-session-token",
      expiration: "2031-01-01T00:00:00Z",
    }),
  });
});

const provider = (extra: Parameters<typeof webIdentityProvider>[0] = {}) =>
  webIdentityProvider({
    tokenFile,
    roleArn: ROLE,
    stsEndpoint: sts.origin,
    allowHttp: true,
    env: {},
    ...extra,
  });

describe("webIdentityProvider", () => {
  it("calls STS AssumeRoleWithWebIdentity with the token, unsigned, parameters in the body", async () => {
    const creds = await provider({
      roleSessionName: "my-session",
      durationSeconds: 900,
    }).getCredentials();
    expect(creds).toMatchObject({
      accessKeyId: "ASIAWEBID",
      secretAccessKey: "web-secret",
      sessionToken: "web-session-token",
    });
    expect(creds.expiration?.toISOString()).toBe("2031-01-01T00:00:00.000Z");
    expect(sts.requests).toHaveLength(1);
    const req = sts.requests[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/");
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      Action: "AssumeRoleWithWebIdentity",
      Version: "2011-06-15",
      RoleArn: ROLE,
      RoleSessionName: "my-session",
      WebIdentityToken: JWT,
      DurationSeconds: "900",
    });
  });

  it("re-reads the token file on every fetch", async () => {
    const p = provider();
    await p.getCredentials();
    await writeFile(tokenFile, "rotated-token");
    await p.getCredentials();
    const tokens = sts.requests.map((r) => new URLSearchParams(r.body).get("WebIdentityToken"));
    expect(tokens).toEqual([JWT, "rotated-token"]);
  });

  it("falls back to the AWS_* variables and names a default session", async () => {
    await webIdentityProvider({
      allowHttp: true,
      env: {
        AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
        AWS_ROLE_ARN: ROLE,
        AWS_ENDPOINT_URL_STS: sts.origin,
      },
    }).getCredentials();
    const params = new URLSearchParams(sts.requests[0]!.body);
    expect(params.get("RoleArn")).toBe(ROLE);
    expect(params.get("RoleSessionName")).toMatch(/^objstore-\d+$/);
  });

  it("is 'not found' when token file or role is not set", async () => {
    const err = await webIdentityProvider({ env: { AWS_ROLE_ARN: ROLE } })
      .getCredentials()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsNotFoundError);
    expect((err as Error).message).toMatch(/web_identity_token_file/);
    expect(sts.requests).toHaveLength(0);
  });

  it("reports an STS error with its code and message, never the token", async () => {
    reply = () => ({
      status: 400,
      body: `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>Couldn't retrieve verification key</Message></Error></ErrorResponse>`,
    });
    const err = await provider()
      .getCredentials()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    const message = (err as Error).message;
    expect(message).toContain("400 InvalidIdentityToken");
    expect(message).toContain("Couldn't retrieve verification key");
    expect(message).toContain(ROLE);
    expect(message).not.toContain(JWT);
  });

  it("fails clearly on a missing token file", async () => {
    await expect(provider({ tokenFile: join(dir, "nope") }).getCredentials()).rejects.toThrow(
      /cannot read token file .*nope \(ENOENT\)/,
    );
  });

  it("refuses a plain-http STS endpoint unless allowed, without sending anything", async () => {
    const err = await provider({ allowHttp: false })
      .getCredentials()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect(sts.requests).toHaveLength(0);
  });

  it("rejects a response without credentials", async () => {
    reply = () => ({ body: "<AssumeRoleWithWebIdentityResponse/>" });
    await expect(provider().getCredentials()).rejects.toThrow(/no Credentials element/);
  });

  it("prints its settings but no token", async () => {
    const p = provider();
    const creds = await p.getCredentials();
    for (const shown of [
      inspect(p),
      JSON.stringify(p),
      `${p}`,
      inspect(creds),
      JSON.stringify(creds),
    ]) {
      expect(shown).not.toContain(JWT);
      expect(shown).not.toContain("web-secret");
      expect(shown).not.toContain("web-session-token");
    }
    expect(`${p}`).toContain(ROLE);
  });
});

describe("STS endpoint", () => {
  it("uses the regional endpoint by default", () => {
    expect(stsEndpoint({ region: "eu-central-1" }).href).toBe(
      "https://sts.eu-central-1.amazonaws.com/",
    );
    expect(stsEndpoint({}).href).toBe("https://sts.us-east-1.amazonaws.com/");
    expect(stsEndpoint({ region: "cn-north-1" }).href).toBe(
      "https://sts.cn-north-1.amazonaws.com.cn/",
    );
    expect(stsEndpoint({ endpoint: "http://127.0.0.1:1/", region: "eu-west-1" }).href).toBe(
      "http://127.0.0.1:1/",
    );
  });
});
