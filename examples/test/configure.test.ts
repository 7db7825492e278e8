import { describe, expect, it } from "vitest";
import { storeFromEnv, storeFromProvider, storeFromUrl } from "../src/configure.mjs";
import { awsEnv, testServer, useBucket } from "./support/s3.js";

const example = useBucket();

describe("configure.mjs", () => {
  it("builds a store from AWS_* variables alone", async () => {
    const store = storeFromEnv(awsEnv(example.bucket));
    expect(store.bucket).toBe(example.bucket);
    await store.put("from-env.txt", "env");
    expect(await (await store.get("from-env.txt")).text()).toBe("env");
    await store.close();
  });

  it("builds a store from an endpoint URL with a prefix, credentials from the environment", async () => {
    const s = testServer();
    const { AWS_BUCKET: _, ...env } = awsEnv(example.bucket);
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const store = storeFromUrl(`${s.endpoint}/${example.bucket}/tenants/42`);
      expect(store.prefix).toBe("tenants/42");
      await store.put("from-url.txt", "url");
      const listed = await store.list().collect();
      expect(listed.map((m) => m.path)).toEqual(["from-url.txt"]);
      await store.close();
    } finally {
      process.env = saved;
    }
    const root = storeFromEnv(awsEnv(example.bucket));
    expect(await (await root.get("tenants/42/from-url.txt")).text()).toBe("url");
    await root.close();
  });

  it("builds a store from an AWS SDK-style provider function", async () => {
    const s = testServer();
    const store = storeFromProvider(
      example.bucket,
      { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
      { endpoint: s.endpoint, region: s.region, allow_http: true },
    );
    await store.put("from-provider.txt", "provider");
    expect((await store.head("from-provider.txt")).size).toBe(8);
    await store.close();
  });
});
