import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Store } from "../src/index.js";

// A loopback server that answers ListObjectsV2 with three pages and logs each request as it
// arrives, to see when the store's requests really leave (undici and the socket included).

const PAGES = 3;
const log: string[] = [];
let server: Server;
let endpoint: string;

function pageXml(n: number): string {
  const keys = Array.from(
    { length: 500 },
    (_, i) =>
      `<Contents><Key>k-${n}-${i}</Key><LastModified>2025-01-01T00:00:00.000Z</LastModified><ETag>&quot;e&quot;</ETag><Size>1</Size></Contents>`,
  );
  const more = n < PAGES;
  return `<ListBucketResult><IsTruncated>${more}</IsTruncated>${keys.join("")}${more ? `<NextContinuationToken>t${n + 1}</NextContinuationToken>` : ""}</ListBucketResult>`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const token = new URL(req.url ?? "/", "http://x").searchParams.get("continuation-token");
    const n = token ? Number(token.slice(1)) : 1;
    log.push(`request ${n}`);
    res.setHeader("content-type", "application/xml");
    res.end(pageXml(n));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const store = () =>
  new S3Store({
    bucket: "bucket",
    env: false,
    config: {
      endpoint,
      region: "us-east-1",
      access_key_id: "AKIDEXAMPLE",
      secret_access_key: "secret",
      allow_http: true,
    },
  });

describe("listing read-ahead over a real socket", () => {
  it("has the next page's request at the server before a page is handed over", async () => {
    log.length = 0;
    const s = store();
    const seen: string[] = [];
    for await (const page of s.list().pages()) {
      seen.push(`page ${page[0]?.path.split("-")[1]} with ${page.length}`);
      seen.push(...log.splice(0));
    }
    expect(seen).toEqual([
      "page 1 with 500",
      "request 1",
      "request 2",
      "page 2 with 500",
      "request 3",
      "page 3 with 500",
    ]);
    await s.close();
  });

  it("cancels the request sent ahead when the listing is abandoned, and the store goes on", async () => {
    log.length = 0;
    const s = store();
    for await (const page of s.list().pages()) {
      expect(page).toHaveLength(500);
      break;
    }
    expect(log).toEqual(["request 1", "request 2"]);
    // The connection pool is sound: the next listing reads all three pages.
    expect(await s.list().collect()).toHaveLength(1500);
    await s.close();
  });
});
