import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveStoreSettings } from "../src/builder.js";
import { S3Transport } from "../src/transport.js";
import { createBucket, removeBucket, testServer } from "./support/s3.js";

let bucket: string;

beforeAll(async () => {
  bucket = await createBucket("clock");
});
afterAll(async () => {
  await removeBucket(bucket);
});

describe("S3Transport", () => {
  it("adopts the server's clock after RequestTimeTooSkewed and succeeds", async () => {
    const s = testServer();
    const settings = resolveStoreSettings({
      env: false,
      bucket,
      config: { endpoint: s.endpoint, region: s.region, allow_http: true },
    });
    const credentials = {
      getCredentials: async () => ({
        accessKeyId: s.accessKeyId,
        secretAccessKey: s.secretAccessKey,
      }),
    };
    const transport = new S3Transport(settings, credentials, { retryConfig: { maxRetries: 0 } });
    // Pretend this machine's clock runs an hour behind the server's.
    transport.signer?.adoptServerClock(new Date(Date.now() - 3_600_000));
    const res = await transport.send(
      { method: "PUT", key: "skew.txt", query: {}, headers: {}, body: Buffer.from("on time") },
      { operation: "put", path: "skew.txt" },
    );
    await res.discard();
    expect(res.status).toBe(200);
    expect(Math.abs(transport.signer?.clockOffsetMs ?? Number.NaN)).toBeLessThan(120_000);
    await transport.close();
  });
});
