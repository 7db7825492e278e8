import { inspect } from "node:util";
import {
  NotFoundError,
  PermissionDeniedError,
  S3Store,
  UnauthenticatedError,
} from "@objstore/s3-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalhostProxy } from "./support/localhost-proxy.js";
import { has, storeFor, testServer, useBucket } from "./support/server.js";

const bucket = useBucket("ctor");
let store: S3Store;
const stores: S3Store[] = [];
/** Remembers a store so it is closed after the file's tests. */
const track = (s: S3Store) => {
  stores.push(s);
  return s;
};

beforeAll(async () => {
  store = storeFor(bucket.name);
  await store.put("shared/hello.txt", "hello from the shared store");
});

afterAll(async () => {
  await Promise.all([store, ...stores].map((s) => s.close()));
});

describe("addressing", () => {
  it("path style by default: <endpoint>/<bucket>/<key>", async () => {
    const url = await store.signUrl("GET", "shared/hello.txt", 60);
    expect(url.startsWith(`${testServer().endpoint}/${bucket.name}/shared/hello.txt?`)).toBe(true);
    expect(await (await store.get("shared/hello.txt")).text()).toBe("hello from the shared store");
  });

  it("virtual-hosted style: <bucket>.<host>/<key>", async (ctx) => {
    const { endpoint } = testServer();
    const local = new URL(endpoint);
    local.hostname = "localhost";
    const vhost = track(
      storeFor(bucket.name, {
        config: { endpoint: local.origin, virtual_hosted_style_request: true },
      }),
    );
    const url = new URL(await vhost.signUrl("GET", "shared/hello.txt", 60));
    expect(url.host).toBe(`${bucket.name}.localhost:${local.port}`);
    expect(url.pathname).toBe("/shared/hello.txt");
    if (!has(ctx, "virtualHostedStyle")) return;
    const proxy = await startLocalhostProxy();
    try {
      const viaHost = track(
        storeFor(bucket.name, {
          config: { endpoint: local.origin, virtual_hosted_style_request: true },
          clientOptions: { proxy_url: proxy.url },
        }),
      );
      await viaHost.put("vhost/ä b.txt", "virtual");
      expect(await (await viaHost.get("vhost/ä b.txt")).text()).toBe("virtual");
      expect((await viaHost.list("vhost").collect()).map((m) => m.path)).toEqual(["vhost/ä b.txt"]);
      expect(await (await store.get("vhost/ä b.txt")).text()).toBe("virtual");
      await viaHost.delete("vhost/ä b.txt");
      expect(proxy.seen.length).toBeGreaterThan(0);
      for (const target of proxy.seen) expect(target).toContain(`${bucket.name}.localhost`);
    } finally {
      await proxy.close();
    }
  });
});

describe("construction", () => {
  it("fromUrl: bucket and prefix from a custom-endpoint URL", async () => {
    const s = testServer();
    const scoped = track(
      S3Store.fromUrl(`${s.endpoint}/${bucket.name}/from/url`, {
        env: false,
        config: {
          access_key_id: s.accessKeyId,
          secret_access_key: s.secretAccessKey,
          region: s.region,
          allow_http: true,
        },
      }),
    );
    expect(scoped.bucket).toBe(bucket.name);
    expect(scoped.prefix).toBe("from/url");
    await scoped.put("a.txt", "under the URL's prefix");
    expect(await (await store.get("from/url/a.txt")).text()).toBe("under the URL's prefix");
    expect((await scoped.list().collect()).map((m) => m.path)).toEqual(["a.txt"]);
    const viaS3 = track(
      S3Store.fromUrl(`s3://${bucket.name}/from`, {
        env: false,
        config: {
          endpoint: s.endpoint,
          access_key_id: s.accessKeyId,
          secret_access_key: s.secretAccessKey,
          allow_http: true,
        },
      }),
    );
    expect(await (await viaS3.get("url/a.txt")).text()).toBe("under the URL's prefix");
  });

  it("fromEnv: AWS_* variables, with explicit config beating them", async () => {
    const s = testServer();
    const env = {
      AWS_BUCKET: bucket.name,
      AWS_ENDPOINT_URL: s.endpoint,
      AWS_REGION: s.region,
      AWS_ACCESS_KEY_ID: s.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s.secretAccessKey,
      AWS_ALLOW_HTTP: "true",
    };
    const fromEnv = track(S3Store.fromEnv(undefined, { env }));
    expect(await (await fromEnv.get("shared/hello.txt")).text()).toBe(
      "hello from the shared store",
    );
    const overridden = track(
      S3Store.fromEnv(bucket.name, {
        env: { ...env, AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_BUCKET: "not-this-one" },
        config: { endpoint: s.endpoint },
      }),
    );
    expect((await overridden.head("shared/hello.txt")).size).toBe(27);
  });

  it("fromProvider: credentials from a CredentialProvider or an AWS SDK-style function", async () => {
    const s = testServer();
    let asked = 0;
    const provider = {
      getCredentials: async () => {
        asked++;
        return {
          accessKeyId: s.accessKeyId,
          secretAccessKey: s.secretAccessKey,
          expiration: new Date(Date.now() + 3_600_000),
        };
      },
    };
    const opts = {
      env: false as const,
      config: { endpoint: s.endpoint, region: s.region, allow_http: true },
    };
    const viaProvider = track(S3Store.fromProvider(provider, bucket.name, opts));
    for (let i = 0; i < 3; i++) await viaProvider.head("shared/hello.txt");
    // Cached until near expiry: asked once for three requests.
    expect(asked).toBe(1);
    const viaSdkFunction = track(
      S3Store.fromProvider(
        async () => ({ accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey }),
        bucket.name,
        opts,
      ),
    );
    await viaSdkFunction.put("provider.txt", "signed with provided credentials");
    expect(await (await store.get("provider.txt")).text()).toBe("signed with provided credentials");
  });
});

describe("wrong credentials", () => {
  it("a wrong secret is UnauthenticatedError on every kind of request, and never shown", async () => {
    const secret = "wrong-secret-wrong-secret-wrong-secret01";
    const bad = track(storeFor(bucket.name, { config: { secret_access_key: secret } }));
    for (const attempt of [
      () => bad.get("shared/hello.txt"),
      () => bad.put("x.txt", "x"),
      () => bad.list().collect(),
      () => bad.delete(["a", "b"]),
      () => bad.copy("shared/hello.txt", "copy.txt"),
    ]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnauthenticatedError);
      expect(`${String(err)} ${inspect(err)} ${JSON.stringify(err)}`).not.toContain(secret);
    }
    // HEAD responses have no body, so no S3 code: 403 alone reads as permission denied.
    const head = await bad.head("shared/hello.txt").catch((e: unknown) => e);
    expect([UnauthenticatedError, PermissionDeniedError]).toContain((head as object).constructor);
    await expect(store.head("x.txt")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("an unknown access key is UnauthenticatedError", async () => {
    const bad = track(storeFor(bucket.name, { config: { access_key_id: "AKIANOSUCHKEY0000000" } }));
    const err = await bad.get("shared/hello.txt").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect(err).toMatchObject({ status: 403, code: "InvalidAccessKeyId" });
  });

  it("anonymous requests to a private bucket are PermissionDeniedError", async () => {
    const anonymous = track(storeFor(bucket.name, { config: { skip_signature: true } }));
    const err = await anonymous.get("shared/hello.txt").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err).toMatchObject({ status: 403, code: "AccessDenied", path: "shared/hello.txt" });
    expect((err as Error).message).toMatch(/^get "shared\/hello.txt" failed: access denied/);
    await expect(anonymous.put("anon.txt", "x")).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});
