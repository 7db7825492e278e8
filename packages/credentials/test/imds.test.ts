import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CredentialsError, CredentialsNotFoundError, imdsProvider } from "../src/index.js";
import {
  credentialJson,
  type FakeServer,
  type SeenRequest,
  startFakeServer,
} from "./fake-server.js";

const ROLE_PATH = "/latest/meta-data/iam/security-credentials/";
const CREDS = {
  id: "ASIAIMDS",
  secret: "imds-secret",
  token: "imds-session",
  expiration: "2031-07-01T00:00:00Z",
};

interface Behaviour {
  tokenStatus: number;
  role: string | null;
  code: string;
}
let behaviour: Behaviour;
let imds: FakeServer;

function handle(req: SeenRequest) {
  if (req.method === "PUT" && req.path === "/latest/api/token")
    return behaviour.tokenStatus === 200
      ? { body: "imds-session-token" }
      : { status: behaviour.tokenStatus };
  // A v2-only service refuses token-less reads; a v1 service (token PUT refused) accepts them.
  const tokenOk =
    behaviour.tokenStatus !== 200 ||
    req.headers["x-aws-ec2-metadata-token"] === "imds-session-token";
  if (!tokenOk) return { status: 401 };
  if (req.method === "GET" && req.path === ROLE_PATH)
    return behaviour.role === null ? { status: 404 } : { body: `${behaviour.role}\n` };
  if (req.method === "GET" && req.path === `${ROLE_PATH}${behaviour.role}`)
    return { body: JSON.stringify({ ...JSON.parse(credentialJson(CREDS)), Code: behaviour.code }) };
  return { status: 404 };
}

beforeAll(async () => {
  imds = await startFakeServer(handle);
});
afterAll(() => imds.close());
beforeEach(() => {
  imds.requests.length = 0;
  behaviour = { tokenStatus: 200, role: "my-role", code: "Success" };
});

describe("imdsProvider", () => {
  it("does IMDSv2: token PUT with a TTL, then the role name, then its credentials", async () => {
    const creds = await imdsProvider({ endpoint: imds.origin, env: {} }).getCredentials();
    expect(creds).toMatchObject({
      accessKeyId: "ASIAIMDS",
      secretAccessKey: "imds-secret",
      sessionToken: "imds-session",
    });
    expect(creds.expiration?.toISOString()).toBe("2031-07-01T00:00:00.000Z");
    expect(imds.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "PUT /latest/api/token",
      `GET ${ROLE_PATH}`,
      `GET ${ROLE_PATH}my-role`,
    ]);
    const [put, role, fetchCreds] = imds.requests as [SeenRequest, SeenRequest, SeenRequest];
    expect(put.headers["x-aws-ec2-metadata-token-ttl-seconds"]).toBe("300");
    expect(put.headers["x-aws-ec2-metadata-token"]).toBeUndefined();
    expect(role.headers["x-aws-ec2-metadata-token"]).toBe("imds-session-token");
    expect(fetchCreds.headers["x-aws-ec2-metadata-token"]).toBe("imds-session-token");
  });

  it("asks for a fresh session token on every fetch", async () => {
    const p = imdsProvider({ endpoint: imds.origin, env: {} });
    await p.getCredentials();
    await p.getCredentials();
    expect(imds.requests.filter((r) => r.method === "PUT")).toHaveLength(2);
  });

  it("uses the requested token TTL", async () => {
    await imdsProvider({
      endpoint: imds.origin,
      tokenTtlSeconds: 21_600,
      env: {},
    }).getCredentials();
    expect(imds.requests[0]?.headers["x-aws-ec2-metadata-token-ttl-seconds"]).toBe("21600");
  });

  it("does not fall back to IMDSv1 unless enabled", async () => {
    behaviour.tokenStatus = 403;
    const err = await imdsProvider({ endpoint: imds.origin, env: {} })
      .getCredentials()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err).not.toBeInstanceOf(CredentialsNotFoundError);
    expect((err as Error).message).toMatch(/answered 403; set imdsv1_fallback/);
    expect(imds.requests).toHaveLength(1);
  });

  it.each([403, 404, 405])(
    "falls back to IMDSv1 when enabled and the token PUT answers %i",
    async (status) => {
      behaviour.tokenStatus = status;
      const creds = await imdsProvider({
        endpoint: imds.origin,
        imdsv1Fallback: true,
        env: {},
      }).getCredentials();
      expect(creds.accessKeyId).toBe("ASIAIMDS");
      expect(
        imds.requests.slice(1).every((r) => r.headers["x-aws-ec2-metadata-token"] === undefined),
      ).toBe(true);
    },
  );

  it("reads the fallback flag and endpoint from the environment", async () => {
    behaviour.tokenStatus = 403;
    const creds = await imdsProvider({
      env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.origin, AWS_IMDSV1_FALLBACK: "true" },
    }).getCredentials();
    expect(creds.accessKeyId).toBe("ASIAIMDS");
  });

  it("is 'not found' when the instance has no role", async () => {
    behaviour.role = null;
    await expect(imdsProvider({ endpoint: imds.origin, env: {} }).getCredentials()).rejects.toThrow(
      CredentialsNotFoundError,
    );
  });

  it("is 'not found', contacting nothing, when disabled", async () => {
    await expect(
      imdsProvider({
        endpoint: imds.origin,
        env: { AWS_EC2_METADATA_DISABLED: "true" },
      }).getCredentials(),
    ).rejects.toThrow(/disabled/);
    expect(imds.requests).toHaveLength(0);
  });

  it("is 'not found' when nothing answers at the endpoint", async () => {
    const gone = await startFakeServer(() => ({}));
    await gone.close();
    const err = await imdsProvider({ endpoint: gone.origin, env: {} })
      .getCredentials()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsNotFoundError);
    expect((err as Error).message).toMatch(/no metadata service answered/);
  });

  it("reports credentials the service marks as unavailable", async () => {
    behaviour.code = "AssumeRoleUnauthorizedAccess";
    await expect(imdsProvider({ endpoint: imds.origin, env: {} }).getCredentials()).rejects.toThrow(
      /Code "AssumeRoleUnauthorizedAccess"/,
    );
  });

  it("prints its settings only", async () => {
    const p = imdsProvider({ endpoint: imds.origin, env: {} });
    const creds = await p.getCredentials();
    expect(`${p}`).toContain(imds.origin);
    for (const shown of [inspect(creds), JSON.stringify(creds), `${creds}`]) {
      expect(shown).not.toContain("imds-secret");
      expect(shown).not.toContain("imds-session");
    }
  });
});
