import { createHash } from "node:crypto";
import { patternBytes, sha256Hex, startFaultServer } from "@objstore/testkit";
import { describe, expect, it } from "vitest";
import { ResumeError } from "../src/index.js";
import { closeAfterTest, testClient } from "./fixtures.js";

const MiB = 1024 * 1024;

describe("resumable downloads", () => {
  it("gives byte-identical data after mid-body resets (SHA-256 over 32 MiB)", async () => {
    const object = patternBytes(32 * MiB);
    const s = closeAfterTest(
      await startFaultServer({
        object,
        faults: [
          { kind: "reset-mid-body", afterBytes: 5 * MiB },
          { kind: "truncate-body", afterBytes: 7 * MiB },
          { kind: "reset-mid-body", afterBytes: 3 * MiB },
        ],
      }),
    );
    const { client, retries } = testClient();
    const res = await client.request({ method: "GET", url: `${s.url}/big` });
    const hash = createHash("sha256");
    let length = 0;
    for await (const chunk of res.body) {
      hash.update(chunk);
      length += chunk.length;
    }
    expect(length).toBe(object.length);
    expect(hash.digest("hex")).toBe(sha256Hex(object));
    expect(retries.map((r) => r.resume)).toEqual([true, true, true]);
    const resumes = s.requests.slice(1);
    expect(resumes).toHaveLength(3);
    for (const req of resumes) {
      expect(req.headers["if-match"]).toBe('"v1"');
      expect(req.headers.range).toMatch(new RegExp(`^bytes=\\d+-${object.length - 1}$`));
    }
  });

  it("resumes a ranged GET within its original range", async () => {
    const s = closeAfterTest(
      await startFaultServer({ faults: [{ kind: "reset-mid-body", afterBytes: 10_000 }] }),
    );
    const { client } = testClient();
    const res = await client.request({
      method: "GET",
      url: `${s.url}/a`,
      headers: { Range: "bytes=1000-40999" },
    });
    expect(res.status).toBe(206);
    const bytes = await res.bytes();
    expect(sha256Hex(bytes)).toBe(sha256Hex(s.object.subarray(1000, 41000)));
    expect(s.requests[1]?.headers.range).toMatch(/^bytes=\d+-40999$/);
  });

  it("refuses to resume when the ETag changed, after delivering only the original bytes", async () => {
    const s = closeAfterTest(
      await startFaultServer({ faults: [{ kind: "truncate-body", afterBytes: 20_000 }] }),
    );
    const { client } = testClient();
    const res = await client.request({ method: "GET", url: `${s.url}/a` });
    s.setEtag('"v2"');
    const received: Uint8Array[] = [];
    const err = await (async () => {
      for await (const chunk of res.body) received.push(chunk);
    })().catch((e) => e);
    expect(err).toBeInstanceOf(ResumeError);
    expect(err.reason).toBe("etag-changed");
    expect(err.message).toContain("the object changed");
    const got = Buffer.concat(received);
    expect(err.received).toBe(got.length);
    expect(got.equals(Buffer.from(s.object.subarray(0, got.length)))).toBe(true);
    expect(s.requests[1]?.headers["if-match"]).toBe('"v1"');
  });

  it("does not resume when resumable is false or the method is not GET", async () => {
    const s = closeAfterTest(
      await startFaultServer({ faults: [{ kind: "truncate-body", afterBytes: 100, times: 2 }] }),
    );
    const { client } = testClient();
    const res = await client.request({ method: "GET", url: `${s.url}/a`, resumable: false });
    await expect(res.bytes()).rejects.toThrow(/body broke after/);
    expect(s.requests).toHaveLength(1);
  });

  it("gives the resume its own retry budget", async () => {
    // The first request spends its whole budget (2 retries); the resume still gets 2 of its own.
    const s = closeAfterTest(
      await startFaultServer({
        faults: [
          { kind: "status", status: 503, times: 2 },
          { kind: "reset-mid-body", afterBytes: 30_000 },
          { kind: "status", status: 500 },
        ],
      }),
    );
    const { client, retries } = testClient({}, { maxRetries: 2 });
    const res = await client.request({ method: "GET", url: `${s.url}/a` });
    expect(sha256Hex(await res.bytes())).toBe(sha256Hex(s.object));
    expect(retries.map((r) => [r.retry, r.resume])).toEqual([
      [1, false],
      [2, false],
      [1, true],
      [2, true],
    ]);
  });
});
