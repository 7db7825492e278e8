import { HttpError } from "@objstore/http-client";
import { DeleteError, ObjectStoreError, S3Store } from "@objstore/s3-store";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ScriptedServer, startScriptedServer, xml } from "./support/scripted-server.js";

const MIB = 1024 * 1024;
let server: ScriptedServer;
let other: ScriptedServer;
let store: S3Store;

beforeAll(async () => {
  server = await startScriptedServer();
  other = await startScriptedServer((_req, res) => res.end("stolen"));
  store = new S3Store({
    env: false,
    bucket: "bucket",
    config: {
      endpoint: server.url,
      region: "us-east-1",
      access_key_id: "AKIAMALICIOUSTEST001",
      secret_access_key: "malicious-server-test-secret",
      allow_http: true,
    },
    clientOptions: { read_timeout: "2s" },
    retryConfig: { maxRetries: 2, backoff: { initBackoff: 10, maxBackoff: 50 } },
  });
});

afterEach(() => {
  server.seen.length = 0;
});

afterAll(async () => {
  await store?.close();
  await server?.close();
  await other?.close();
});

const isTyped = (e: unknown) => e instanceof ObjectStoreError || e instanceof HttpError;

const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>`;

describe("a malicious or broken server gets typed errors, never wrong data or a hang", () => {
  it("an endless XML list response is refused without buffering it (16 MiB cap)", async () => {
    const total = 512 * MIB;
    let written = 0;
    server.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/xml" });
      res.write("<ListBucketResult><Name>");
      const chunk = Buffer.alloc(MIB, 0x61);
      const pump = () => {
        while (written < total && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end("</Name></ListBucketResult>");
      };
      pump();
    };
    const error = await store
      .list()
      .collect()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect((error as Error).message).toMatch(/larger than 16777216 bytes/);
    // The client stopped reading at the cap: the server could not push the whole body.
    await new Promise((r) => setTimeout(r, 200));
    expect(written).toBeLessThan(total / 2);
  });

  it.each([
    ["list", (s: S3Store) => s.list().collect()],
    ["delete", (s: S3Store) => s.delete(["a", "b"])],
    ["complete", (s: S3Store) => s.put("mp", new Uint8Array(5 * MIB + 1))],
    ["error body", (s: S3Store) => s.head("x")],
  ])("entity declarations (billion laughs) in a %s response are refused", async (_name, op) => {
    server.handle = (req, res) => {
      if (req.url?.includes("uploads")) {
        xml(
          res,
          req,
          200,
          "<InitiateMultipartUploadResult><UploadId>u1</UploadId></InitiateMultipartUploadResult>",
        );
      } else if (req.method === "PUT") {
        req.resume();
        req.on("end", () => res.writeHead(200, { etag: '"p"' }).end());
      } else if (req.method === "DELETE") {
        xml(res, req, 204, "");
      } else {
        xml(res, req, req.method === "HEAD" ? 400 : 200, `${LAUGHS}<Name>&lol9;</Name>`);
      }
    };
    const error = await Promise.resolve(op(store)).catch((e: unknown) => e);
    expect(isTyped(error)).toBe(true);
    expect((error as Error).message).not.toMatch(/lollol/);
  });

  it.each([
    ["another range", "bytes 50-149/1000", 100],
    ["a longer range", "bytes 0-199/1000", 200],
    ["a range past the end", "bytes 0-99/50", 100],
  ])(
    "a 206 with %s than asked is refused, not returned as data",
    async (_name, contentRange, n) => {
      server.handle = (req, res) => {
        req.resume();
        res.writeHead(206, {
          "content-range": contentRange,
          "content-length": String(n),
          etag: '"e"',
        });
        res.end(Buffer.alloc(n, 1));
      };
      const error = await store.getRange("obj", { start: 0, end: 100 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectStoreError);
      expect((error as Error).message).toMatch(/not the range asked for/);
    },
  );

  it("a body shorter than its Content-Length surfaces as a typed error, not short data", async () => {
    server.handle = (req, res) => {
      req.resume();
      res.writeHead(200, { "content-length": "1000", etag: '"e"' });
      res.write(Buffer.alloc(500, 1), () => res.socket?.end());
    };
    const error = await store
      .get("obj")
      .then((r) => r.bytes())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
  });

  it("a body longer than its Content-Length is cut at the declared length", async () => {
    server.handle = (req, res) => {
      req.resume();
      res.writeHead(200, { "content-length": "10", etag: '"e"' });
      res.end(Buffer.alloc(20, 1));
    };
    expect((await (await store.get("obj")).bytes()).length).toBe(10);
  });

  it("an unparseable Content-Length is a typed error", async () => {
    server.handle = (req, res) => {
      req.resume();
      res.socket?.end("HTTP/1.1 200 OK\r\ncontent-length: 12abc\r\n\r\nhello");
    };
    await expect(store.head("obj")).rejects.toBeInstanceOf(HttpError);
  });

  it.each([301, 302, 303, 307, 308])(
    "a %i redirect to another host is not followed: no credentials leave",
    async (status) => {
      server.handle = (req, res) => {
        req.resume();
        res.writeHead(status, { location: `${other.url}/bucket/obj` });
        res.end();
      };
      for (const op of [
        () => store.get("obj"),
        () => store.put("obj", "data"),
        () => store.list().collect(),
      ]) {
        const error = await Promise.resolve(op()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ObjectStoreError);
        expect((error as ObjectStoreError).status).toBe(status);
      }
      expect(other.seen).toEqual([]);
    },
  );

  it("a DeleteObjects result with per-key <Error>s is a DeleteError listing them", async () => {
    server.handle = (req, res) =>
      xml(
        res,
        req,
        200,
        `<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult><Deleted><Key>a</Key></Deleted><Error><Key>b</Key><Code>AccessDenied</Code><Message>no</Message></Error></DeleteResult>`,
      );
    const error = await store.delete(["a", "b"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeleteError);
    expect((error as DeleteError).failures).toEqual([
      { path: "b", code: "AccessDenied", message: "no" },
    ]);
  });

  it("a CompleteMultipartUpload answered 200 + <Error> AccessDenied fails typed and aborts the upload", async () => {
    server.handle = (req, res) => {
      if (req.url?.includes("uploads"))
        return xml(
          res,
          req,
          200,
          "<InitiateMultipartUploadResult><UploadId>u1</UploadId></InitiateMultipartUploadResult>",
        );
      if (req.method === "PUT") {
        req.resume();
        return req.on("end", () => res.writeHead(200, { etag: '"p"' }).end());
      }
      if (req.method === "DELETE") return xml(res, req, 204, "");
      xml(res, req, 200, "<Error><Code>AccessDenied</Code><Message>no</Message></Error>");
    };
    const error = await store.put("mp", new Uint8Array(5 * MIB + 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect((error as ObjectStoreError).code).toBe("AccessDenied");
    expect(server.seen.at(-1)).toMatchObject({ method: "DELETE", url: "/bucket/mp?uploadId=u1" });
  });

  it("a server that never answers is bounded by the read timeout and retries", async () => {
    server.handle = () => {};
    await expect(store.head("x")).rejects.toMatchObject({ name: "TimeoutError" });
    expect(server.seen).toHaveLength(3);
  });
});
