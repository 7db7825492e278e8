import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  attributesFromHeaders,
  metaFromHeaders,
  parseDeleteErrors,
  parseErrorBody,
  parseListPage,
  parseResultETag,
  parseUploadId,
} from "../src/responses.js";
import { MAX_XML_BYTES } from "../src/xml-syntax.js";

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

describe("ListObjectsV2", () => {
  it("parses a URL-encoded page with prefixes and a continuation token", () => {
    const page = parseListPage(fixture("list-objects-v2.xml"));
    expect(page.objects).toEqual([
      {
        path: "photos/2006/January/sample.jpg",
        lastModified: new Date("2011-02-26T01:56:20.000Z"),
        size: 142863,
        eTag: '"bf1d737a4d46a19f3bced6905cc8b902"',
      },
      {
        path: "photos/a b+é.txt",
        lastModified: new Date("2011-02-26T01:56:21.000Z"),
        size: 10485760,
        eTag: '"3b5d7e1e0f1d2c0a9b8d7c6e5f4a3b2c-2"',
      },
      {
        path: "photos/empty",
        lastModified: new Date("2011-02-26T01:56:22.000Z"),
        size: 0,
        eTag: '"d41d8cd98f00b204e9800998ecf8427e"',
      },
    ]);
    expect(page.commonPrefixes).toEqual(["photos/2006/"]);
    expect(page.next).toBe("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
  });

  it("parses an unencoded last page with XML entities and no token", () => {
    const page = parseListPage(fixture("list-objects-v2-last-page.xml"));
    expect(page.objects.map((o) => o.path)).toEqual(["a & b <c>.txt"]);
    expect(page.next).toBeUndefined();
  });

  it("parses an empty listing", () => {
    expect(parseListPage(fixture("list-objects-v2-empty.xml"))).toEqual({
      objects: [],
      commonPrefixes: [],
    });
  });

  it("refuses DOCTYPE and entity declarations", () => {
    expect(() => parseListPage(fixture("doctype-attack.xml"))).toThrowError(
      /declares a DOCTYPE or entities/,
    );
  });

  it("refuses oversize and malformed documents and wrong roots", () => {
    expect(() =>
      parseListPage(`<ListBucketResult>${" ".repeat(MAX_XML_BYTES)}</ListBucketResult>`),
    ).toThrowError(/larger than/);
    expect(() => parseListPage("<ListBucketResult><Contents></ListBucketResult>")).toThrowError(
      /not well-formed XML/,
    );
    expect(() => parseListPage("<Other/>")).toThrowError(
      /expected an XML <ListBucketResult> response/,
    );
    expect(() =>
      parseListPage(
        "<ListBucketResult><Contents><Key>a</Key><Size>-1</Size></Contents></ListBucketResult>",
      ),
    ).toThrowError(/invalid object size "-1"/);
  });
});

describe("other documents", () => {
  it("reads error bodies", () => {
    expect(parseErrorBody(fixture("error-no-such-key.xml"))).toEqual({
      code: "NoSuchKey",
      message: "The resource you requested does not exist",
      requestId: "4442587FB7D0A2F9",
    });
    expect(parseErrorBody("")).toEqual({});
    expect(parseErrorBody("<html>bad gateway</html>")).toEqual({});
    expect(parseErrorBody("<Error><Code>x")).toEqual({});
  });

  it("reads multipart and copy results", () => {
    expect(parseUploadId(fixture("initiate-multipart.xml"))).toBe(
      "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA",
    );
    expect(
      parseResultETag(fixture("complete-multipart.xml"), "CompleteMultipartUploadResult", "put"),
    ).toBe('"3858f62230ac3c915f300c664312c11f-9"');
    expect(
      parseResultETag(
        fixture("complete-multipart-ceph.xml"),
        "CompleteMultipartUploadResult",
        "put",
      ),
    ).toBeUndefined();
    expect(parseResultETag(fixture("copy-object.xml"), "CopyObjectResult", "copy")).toBe(
      '"9b2cf535f27731c974343645a3985328"',
    );
    expect(() =>
      parseUploadId("<InitiateMultipartUploadResult></InitiateMultipartUploadResult>"),
    ).toThrowError(/no UploadId/);
  });

  it("reads per-key delete errors", () => {
    expect(parseDeleteErrors(fixture("delete-result.xml"))).toEqual([
      { key: "sample2.txt", code: "AccessDenied", message: "Access Denied" },
      { key: "gone.txt", code: "NoSuchKey", message: "The specified key does not exist." },
    ]);
    expect(parseDeleteErrors('<DeleteResult xmlns="x"></DeleteResult>')).toEqual([]);
  });
});

describe("headers", () => {
  it("builds metadata from a GET and a ranged GET", () => {
    const headers = {
      "content-length": "11",
      "last-modified": "Wed, 21 Oct 2015 07:28:00 GMT",
      etag: '"abc"',
      "x-amz-version-id": "v1",
    };
    expect(metaFromHeaders("a.txt", headers, "get")).toEqual({
      path: "a.txt",
      size: 11,
      lastModified: new Date("2015-10-21T07:28:00Z"),
      eTag: '"abc"',
      version: "v1",
    });
    expect(
      metaFromHeaders("a.txt", { "content-length": "5", "content-range": "bytes 0-4/100" }, "get")
        .size,
    ).toBe(100);
    expect(
      metaFromHeaders("a.txt", { "content-length": "5", "x-amz-version-id": "null" }, "get")
        .version,
    ).toBeUndefined();
    expect(() => metaFromHeaders("a.txt", {}, "head")).toThrowError(
      /invalid object size undefined/,
    );
  });

  it("reads attributes and decodes RFC 2047 metadata", () => {
    expect(
      attributesFromHeaders({
        "content-type": "text/plain",
        "cache-control": "no-cache",
        "content-language": "fr",
        "x-amz-meta-owner": "ana",
        "x-amz-meta-city": `=?UTF-8?B?${Buffer.from("Zürich").toString("base64")}?=`,
        "x-amz-request-id": "1",
      }),
    ).toEqual({
      contentType: "text/plain",
      cacheControl: "no-cache",
      contentLanguage: "fr",
      metadata: { owner: "ana", city: "Zürich" },
    });
  });
});
