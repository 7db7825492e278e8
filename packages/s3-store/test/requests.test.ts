import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { InvalidPathError } from "../src/errors.js";
import {
  completeMultipartRequest,
  contentTypeFor,
  copyObjectRequest,
  createMultipartRequest,
  deleteObjectsRequest,
  getObjectRequest,
  listRequest,
  putObjectRequest,
  rangeHeader,
  uploadPartCopyRequest,
  uploadPartRequest,
} from "../src/requests.js";

const key32 = Buffer.alloc(32, 1).toString("base64");
const md5 = (b: Uint8Array | string) => createHash("md5").update(b).digest("base64");

describe("ranges", () => {
  it.each([
    [{ start: 0, end: 10 }, "bytes=0-9"],
    [{ start: 5, end: 6 }, "bytes=5-5"],
    [{ offset: 100 }, "bytes=100-"],
    [{ offset: 0 }, "bytes=0-"],
    [{ suffix: 42 }, "bytes=-42"],
  ])("%o -> %s", (range, header) => expect(rangeHeader(range, "p")).toBe(header));

  it.each([
    [{ start: 5, end: 5 }, /end \(5\) must be greater than start \(5\)/],
    [{ start: 9, end: 3 }, /must be greater/],
    [{ start: -1, end: 3 }, /non-negative integers/],
    [{ start: 0.5, end: 3 }, /non-negative integers/],
    [{ offset: -2 }, /offset must be/],
    [{ suffix: 0 }, /suffix must be a positive integer/],
  ])("%o is refused", (range, message) => {
    expect(() => rangeHeader(range, "data/x")).toThrowError(message);
    expect(() => rangeHeader(range, "data/x")).toThrow(InvalidPathError);
  });
});

describe("get", () => {
  it("sends conditions, range, version and SSE-C headers", () => {
    const req = getObjectRequest(
      "k",
      {
        range: { start: 0, end: 4 },
        ifMatch: '"e1"',
        ifNoneMatch: '"e2"',
        ifModifiedSince: new Date("2024-01-02T03:04:05Z"),
        ifUnmodifiedSince: new Date("2024-01-02T03:04:06Z"),
        version: "v 1",
      },
      { sse: { type: "sse-c", customerKey: key32 }, requestPayer: true },
    );
    expect(req).toEqual({
      method: "GET",
      key: "k",
      query: { versionId: "v 1" },
      headers: {
        range: "bytes=0-3",
        "if-match": '"e1"',
        "if-none-match": '"e2"',
        "if-modified-since": "Tue, 02 Jan 2024 03:04:05 GMT",
        "if-unmodified-since": "Tue, 02 Jan 2024 03:04:06 GMT",
        "x-amz-server-side-encryption-customer-algorithm": "AES256",
        "x-amz-server-side-encryption-customer-key": key32,
        "x-amz-server-side-encryption-customer-key-md5": md5(Buffer.alloc(32, 1)),
        "x-amz-request-payer": "requester",
      },
    });
    expect(getObjectRequest("k", { head: true }, {}).method).toBe("HEAD");
  });
});

describe("put", () => {
  const body = Buffer.from("hello");

  it("sends attributes, metadata, tags, mode and encryption", () => {
    const req = putObjectRequest(
      "dir/report.csv",
      body,
      {
        mode: "create",
        attributes: {
          contentDisposition: "attachment",
          contentEncoding: "gzip",
          contentLanguage: "en",
          cacheControl: "max-age=60",
          metadata: { Owner: "ana", city: "Zürich" },
        },
        tags: { team: "data eng", "a&b": "x=y" },
      },
      { sse: { type: "aws:kms", kmsKeyId: "key-1", bucketKeyEnabled: true } },
    );
    expect(req.headers).toEqual({
      "content-type": "text/csv",
      "content-disposition": "attachment",
      "content-encoding": "gzip",
      "content-language": "en",
      "cache-control": "max-age=60",
      "x-amz-meta-owner": "ana",
      "x-amz-meta-city": `=?UTF-8?B?${Buffer.from("Zürich").toString("base64")}?=`,
      "x-amz-tagging": "team=data%20eng&a%26b=x%3Dy",
      "if-none-match": "*",
      "x-amz-server-side-encryption": "aws:kms",
      "x-amz-server-side-encryption-aws-kms-key-id": "key-1",
      "x-amz-server-side-encryption-bucket-key-enabled": "true",
    });
    expect(req.body).toBe(body);
  });

  it("sends If-Match for update mode and drops tags when tagging is disabled", () => {
    const req = putObjectRequest(
      "k.bin",
      body,
      { mode: { eTag: '"abc"' }, tags: { a: "b" } },
      { disableTagging: true },
    );
    expect(req.headers["if-match"]).toBe('"abc"');
    expect(req.headers["x-amz-tagging"]).toBeUndefined();
  });

  it.each([
    ["sha256", createHash("sha256").update("hello").digest("base64")],
    ["crc32", "NhCmhg=="],
    ["crc32c", "mnG7TA=="],
    ["crc64nvme", "M3eFcAZSQlc="],
  ] as const)("adds an x-amz-checksum-%s header", (algorithm, value) => {
    const req = putObjectRequest("k", body, {}, { checksumAlgorithm: algorithm });
    expect(req.headers[`x-amz-checksum-${algorithm}`]).toBe(value);
  });

  it("refuses metadata names that are not header tokens", () => {
    expect(() =>
      putObjectRequest("k", body, { attributes: { metadata: { "bad name": "x" } } }, {}),
    ).toThrowError(/invalid metadata name "bad name"/);
  });

  it("guesses the content type: explicit, then map, then extension, then default", () => {
    const s = {
      contentTypeMap: { parquet: "application/vnd.apache.parquet" },
      defaultContentType: "application/x-unknown",
    };
    expect(contentTypeFor("a.json", "text/x-mine", s)).toBe("text/x-mine");
    expect(contentTypeFor("a.PARQUET", undefined, s)).toBe("application/vnd.apache.parquet");
    expect(contentTypeFor("dir.d/a.json", undefined, s)).toBe("application/json");
    expect(contentTypeFor("noext", undefined, s)).toBe("application/x-unknown");
    expect(contentTypeFor("noext", undefined, {})).toBeUndefined();
  });
});

describe("multipart", () => {
  it("creates with attributes and the checksum algorithm", () => {
    const req = createMultipartRequest(
      "a.txt",
      { tags: { k: "v" } },
      { checksumAlgorithm: "crc32c" },
    );
    expect(req).toMatchObject({
      method: "POST",
      query: { uploads: "" },
      headers: {
        "content-type": "text/plain",
        "x-amz-tagging": "k=v",
        "x-amz-checksum-algorithm": "CRC32C",
      },
    });
  });

  it("uploads parts with SSE-C and completes with conditions and escaped ETags", () => {
    const part = uploadPartRequest("k", "up&1", 3, Buffer.from("x"), {
      sse: { type: "sse-c", customerKey: key32 },
    });
    expect(part.query).toEqual({ partNumber: "3", uploadId: "up&1" });
    expect(part.headers["x-amz-server-side-encryption-customer-key"]).toBe(key32);
    const done = completeMultipartRequest(
      "k",
      "up",
      [
        { partNumber: 1, eTag: '"a"' },
        { partNumber: 2, eTag: '"b"' },
      ],
      "create",
      {},
    );
    expect(done.headers["if-none-match"]).toBe("*");
    expect(Buffer.from(done.body as Uint8Array).toString()).toBe(
      "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&#34;a&#34;</ETag></Part><Part><PartNumber>2</PartNumber><ETag>&#34;b&#34;</ETag></Part></CompleteMultipartUpload>",
    );
    const withSums = completeMultipartRequest(
      "k",
      "up",
      [{ partNumber: 1, eTag: "e", checksum: "c1" }],
      undefined,
      { checksumAlgorithm: "sha256" },
    );
    expect(Buffer.from(withSums.body as Uint8Array).toString()).toContain(
      "<ChecksumSHA256>c1</ChecksumSHA256>",
    );
  });
});

describe("list, delete, copy", () => {
  it("lists with every parameter", () => {
    expect(
      listRequest(
        { prefix: "a/", delimiter: true, startAfter: "a/b", maxKeys: 10, continuationToken: "t" },
        {},
      ).query,
    ).toEqual({
      "list-type": "2",
      "encoding-type": "url",
      prefix: "a/",
      delimiter: "/",
      "start-after": "a/b",
      "max-keys": "10",
      "continuation-token": "t",
    });
    expect(listRequest({ prefix: "" }, {}).query).toEqual({
      "list-type": "2",
      "encoding-type": "url",
    });
  });

  it("deletes in quiet mode with Content-MD5 and escaped keys", () => {
    const req = deleteObjectsRequest(["a<b", "c&d"], {});
    const xml =
      "<Delete><Quiet>true</Quiet><Object><Key>a&#60;b</Key></Object><Object><Key>c&#38;d</Key></Object></Delete>";
    expect(Buffer.from(req.body as Uint8Array).toString()).toBe(xml);
    expect(req.headers["content-md5"]).toBe(md5(xml));
    expect(req.query).toEqual({ delete: "" });
  });

  it("copies with an encoded source and copy-if-not-exists headers", () => {
    const req = copyObjectRequest("bkt", "dir/a b+c.txt", "to.txt", { "if-none-match": "*" }, {});
    expect(req.headers).toEqual({
      "x-amz-copy-source": "/bkt/dir/a%20b%2Bc.txt",
      "if-none-match": "*",
    });
    const part = uploadPartCopyRequest("bkt", "from", "to", "u", 2, { start: 10, end: 20 }, {});
    expect(part.headers["x-amz-copy-source-range"]).toBe("bytes=10-19");
  });
});
