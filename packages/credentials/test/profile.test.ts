import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signSigV4 } from "@objstore/signer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CredentialsError, CredentialsNotFoundError, profileProvider } from "../src/index.js";
import { type FakeServer, type SeenRequest, startFakeServer, stsSuccess } from "./fake-server.js";

let dir: string;
let sts: FakeServer;
let credentialsFile: string;
let configFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "objstore-profile-"));
  credentialsFile = join(dir, "credentials");
  configFile = join(dir, "config");
  sts = await startFakeServer((req) => {
    const action = new URLSearchParams(req.body).get("Action") ?? "";
    const n = sts.requests.length;
    return {
      body: stsSuccess(action, {
        id: `ASIAROLE${n}`,
        secret: `role-secret-${n}`,
        token: `role-token-${n}`,
        expiration: "2032-01-01T00:00:00Z",
      }),
    };
  });
});
afterAll(async () => {
  await sts.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  sts.requests.length = 0;
  await rm(credentialsFile, { force: true });
  await rm(configFile, { force: true });
});

const provider = (profile?: string, env: Record<string, string> = {}) =>
  profileProvider({
    ...(profile ? { profile } : {}),
    credentialsFile,
    configFile,
    stsEndpoint: sts.origin,
    allowHttp: true,
    env,
  });

const params = (r: SeenRequest) => Object.fromEntries(new URLSearchParams(r.body));

describe("profileProvider: keys", () => {
  it("reads the default profile from the credentials file", async () => {
    await writeFile(
      credentialsFile,
      "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\naws_session_token = default-token\n",
    );
    const c = await provider().getCredentials();
    expect(c).toMatchObject({
      accessKeyId: "AKIDDEFAULT",
      secretAccessKey: "default-secret",
      sessionToken: "default-token",
    });
    expect(c.expiration).toBeUndefined();
  });

  it("reads [profile x] from the config file and lets the credentials file win", async () => {
    await writeFile(
      configFile,
      "[default]\nregion = us-east-1\n[profile dev]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = config-secret\n",
    );
    expect((await provider("dev").getCredentials()).accessKeyId).toBe("FROMCONFIG");
    await writeFile(
      credentialsFile,
      "[dev]\naws_access_key_id = FROMCREDS\naws_secret_access_key = creds-secret\n",
    );
    expect((await provider("dev").getCredentials()).accessKeyId).toBe("FROMCREDS");
  });

  it("takes the profile and file paths from AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE", async () => {
    const other = join(dir, "other-credentials");
    await writeFile(
      other,
      "[team]\naws_access_key_id = AKIDTEAM\naws_secret_access_key = team-secret\n",
    );
    const c = await profileProvider({
      env: {
        AWS_PROFILE: "team",
        AWS_SHARED_CREDENTIALS_FILE: other,
        AWS_CONFIG_FILE: join(dir, "none"),
      },
    }).getCredentials();
    expect(c.accessKeyId).toBe("AKIDTEAM");
  });

  it("re-reads the files on every fetch", async () => {
    await writeFile(
      credentialsFile,
      "[default]\naws_access_key_id = ONE\naws_secret_access_key = s\n",
    );
    const p = provider();
    expect((await p.getCredentials()).accessKeyId).toBe("ONE");
    await writeFile(
      credentialsFile,
      "[default]\naws_access_key_id = TWO\naws_secret_access_key = s\n",
    );
    expect((await p.getCredentials()).accessKeyId).toBe("TWO");
  });

  it("is 'not found' without files, or when the default profile has no credentials", async () => {
    await expect(provider().getCredentials()).rejects.toBeInstanceOf(CredentialsNotFoundError);
    await writeFile(configFile, "[default]\nregion = eu-west-1\n");
    await expect(provider().getCredentials()).rejects.toBeInstanceOf(CredentialsNotFoundError);
  });

  it("is an error when a named profile is missing, naming both files", async () => {
    await writeFile(configFile, "[default]\nregion = eu-west-1\n");
    const err = await provider("nope")
      .getCredentials()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err).not.toBeInstanceOf(CredentialsNotFoundError);
    expect((err as Error).message).toContain(
      `no profile "nope" in ${credentialsFile} (missing) or ${configFile}`,
    );
  });

  it("is an error when only one key is set, without showing the other", async () => {
    await writeFile(credentialsFile, "[default]\naws_secret_access_key = lonely-secret\n");
    const err = await provider()
      .getCredentials()
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/aws_access_key_id is missing/);
    expect((err as Error).message).not.toContain("lonely-secret");
  });

  it("refuses SSO profiles with a pointer to the AWS SDK adapter", async () => {
    await writeFile(
      configFile,
      "[profile sso]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r\n",
    );
    await expect(provider("sso").getCredentials()).rejects.toThrow(/fromAwsSdkProvider\(fromSSO/);
  });
});

describe("profileProvider: credential_process", () => {
  const script = (name: string, body: string) => {
    const path = join(dir, name);
    return writeFile(path, body).then(() => `"${process.execPath}" "${path}"`);
  };

  it("runs the process and reads its JSON", async () => {
    const cmd = await script(
      "ok.mjs",
      `console.log(JSON.stringify({ Version: 1, AccessKeyId: "AKIDPROC", SecretAccessKey: "proc-secret", SessionToken: "proc-token", Expiration: "2033-01-01T00:00:00Z" }));`,
    );
    await writeFile(configFile, `[profile proc]\ncredential_process = ${cmd}\n`);
    const c = await provider("proc").getCredentials();
    expect(c).toMatchObject({
      accessKeyId: "AKIDPROC",
      secretAccessKey: "proc-secret",
      sessionToken: "proc-token",
    });
    expect(c.expiration?.toISOString()).toBe("2033-01-01T00:00:00.000Z");
  });

  it("reports a failing process by status and stderr, not by command line", async () => {
    const cmd = await script(
      "fail.mjs",
      `console.error("token expired, run login"); process.exit(3);`,
    );
    await writeFile(
      configFile,
      `[profile proc]\ncredential_process = ${cmd} --secret-arg=hunter2\n`,
    );
    const err = await provider("proc")
      .getCredentials()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toContain("exited with status 3: token expired, run login");
    expect((err as Error).message).not.toContain("hunter2");
  });

  it("requires Version 1 and does not echo the output", async () => {
    const cmd = await script(
      "v2.mjs",
      `console.log(JSON.stringify({ Version: 2, AccessKeyId: "AKIDV2", SecretAccessKey: "v2-secret" }));`,
    );
    await writeFile(configFile, `[profile proc]\ncredential_process = ${cmd}\n`);
    const err = await provider("proc")
      .getCredentials()
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/"Version": 1, got 2/);
    expect((err as Error).message).not.toContain("v2-secret");
  });
});

describe("profileProvider: roles", () => {
  it("assumes role_arn with source_profile keys via a signed STS AssumeRole", async () => {
    await writeFile(
      credentialsFile,
      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n",
    );
    await writeFile(
      configFile,
      "[profile admin]\nrole_arn = arn:aws:iam::1:role/admin\nsource_profile = base\nrole_session_name = sess\nexternal_id = ext-1\nduration_seconds = 1800\nregion = eu-west-2\n",
    );
    const c = await provider("admin").getCredentials();
    expect(c).toMatchObject({ accessKeyId: "ASIAROLE1", secretAccessKey: "role-secret-1" });
    expect(c.expiration?.toISOString()).toBe("2032-01-01T00:00:00.000Z");
    const req = sts.requests[0]!;
    expect(params(req)).toEqual({
      Action: "AssumeRole",
      Version: "2011-06-15",
      RoleArn: "arn:aws:iam::1:role/admin",
      RoleSessionName: "sess",
      ExternalId: "ext-1",
      DurationSeconds: "1800",
    });
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDBASE\/\d{8}\/eu-west-2\/sts\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(req.headers["x-amz-date"]).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it("signs AssumeRole so that the request as STS receives it verifies", async () => {
    await writeFile(
      credentialsFile,
      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\naws_session_token = base-token\n",
    );
    await writeFile(
      configFile,
      "[profile admin]\nrole_arn = arn:aws:iam::1:role/admin\nsource_profile = base\nregion = eu-west-2\n",
    );
    await provider("admin").getCredentials();
    const req = sts.requests[0]!;
    const signedNames = /SignedHeaders=([^,]+)/.exec(String(req.headers.authorization))![1]!;
    expect(signedNames).toBe("content-type;host;x-amz-date;x-amz-security-token");
    expect(req.headers["x-amz-security-token"]).toBe("base-token");
    const stamp = String(req.headers["x-amz-date"]);
    const date = new Date(
      stamp.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"),
    );
    const received = signSigV4(
      {
        method: req.method,
        url: `${sts.origin}${req.path}`,
        headers: {
          "content-type": String(req.headers["content-type"]),
          host: String(req.headers.host),
        },
        body: req.body,
      },
      {
        service: "sts",
        region: "eu-west-2",
        credentials: {
          accessKeyId: "AKIDBASE",
          secretAccessKey: "base-secret",
          sessionToken: "base-token",
        },
        date,
      },
    );
    expect(req.headers.authorization).toBe(received.headers.authorization);
  });

  it("chains roles through source profiles, each step signed by the previous credentials", async () => {
    await writeFile(
      credentialsFile,
      "[root]\naws_access_key_id = AKIDROOT\naws_secret_access_key = root-secret\n",
    );
    await writeFile(
      configFile,
      "[profile mid]\nrole_arn = arn:aws:iam::1:role/mid\nsource_profile = root\n[profile top]\nrole_arn = arn:aws:iam::1:role/top\nsource_profile = mid\n",
    );
    const c = await provider("top").getCredentials();
    expect(c.accessKeyId).toBe("ASIAROLE2");
    expect(sts.requests.map((r) => params(r).RoleArn)).toEqual([
      "arn:aws:iam::1:role/mid",
      "arn:aws:iam::1:role/top",
    ]);
    expect(sts.requests[0]?.headers.authorization).toContain("Credential=AKIDROOT/");
    expect(sts.requests[1]?.headers.authorization).toContain("Credential=ASIAROLE1/");
    expect(sts.requests[1]?.headers["x-amz-security-token"]).toBe("role-token-1");
  });

  it("uses a profile's own keys when it is its own source_profile", async () => {
    await writeFile(
      credentialsFile,
      "[self]\naws_access_key_id = AKIDSELF\naws_secret_access_key = self-secret\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n",
    );
    await provider("self").getCredentials();
    expect(sts.requests[0]?.headers.authorization).toContain("Credential=AKIDSELF/");
  });

  it("detects source_profile loops", async () => {
    await writeFile(
      configFile,
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n",
    );
    await expect(provider("a").getCredentials()).rejects.toThrow(
      /loops or is too long: a -> b -> a/,
    );
    expect(sts.requests).toHaveLength(0);
  });

  it("takes source credentials from credential_source = Environment", async () => {
    await writeFile(
      configFile,
      "[profile envrole]\nrole_arn = arn:aws:iam::1:role/e\ncredential_source = Environment\n",
    );
    await provider("envrole", {
      AWS_ACCESS_KEY_ID: "AKIDENV",
      AWS_SECRET_ACCESS_KEY: "env-secret",
    }).getCredentials();
    expect(sts.requests[0]?.headers.authorization).toContain("Credential=AKIDENV/");
  });

  it("exchanges a web_identity_token_file named in the profile", async () => {
    const tokenFile = join(dir, "jwt");
    await writeFile(tokenFile, "profile-jwt");
    await writeFile(
      configFile,
      `[profile web]\nrole_arn = arn:aws:iam::1:role/w\nweb_identity_token_file = ${tokenFile}\n`,
    );
    await provider("web").getCredentials();
    expect(params(sts.requests[0]!)).toMatchObject({
      Action: "AssumeRoleWithWebIdentity",
      WebIdentityToken: "profile-jwt",
    });
    expect(sts.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("refuses MFA profiles clearly", async () => {
    await writeFile(credentialsFile, "[base]\naws_access_key_id = A\naws_secret_access_key = s\n");
    await writeFile(
      configFile,
      "[profile mfa]\nrole_arn = arn:aws:iam::1:role/m\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n",
    );
    await expect(provider("mfa").getCredentials()).rejects.toThrow(/mfa_serial/);
  });
});
