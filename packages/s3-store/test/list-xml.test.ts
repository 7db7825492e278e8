import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scanListPage } from "../src/list-xml.js";
import { parseListPage } from "../src/responses.js";
import { decodeXmlText } from "../src/xml-syntax.js";

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

const page = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</ListBucketResult>`;

describe("ListObjectsV2 scanner", () => {
  it("decodes MinIO's numeric character references in keys, ETags and tokens", () => {
    const parsed = parseListPage(fixture("list-objects-v2-minio.xml"));
    expect(parsed.objects).toEqual([
      {
        path: 'say "hi" & ☺.txt',
        lastModified: new Date("2024-05-01T10:00:00.000Z"),
        size: 6,
        eTag: '"9b2cf535f27731c974343645a3985328"',
      },
      {
        path: "it's <here>",
        lastModified: new Date("2024-05-01T10:00:01.000Z"),
        size: 0,
        eTag: '"d41d8cd98f00b204e9800998ecf8427e"',
      },
    ]);
    expect(parsed.next).toBe("a+b/c=");
  });

  it("reads only the fields of Contents and CommonPrefixes, not nested Owner elements", () => {
    const raw = scanListPage(
      page(
        "<Contents><Key>k</Key><Owner><ID>x</ID><Key>not-this</Key></Owner><Size>1</Size></Contents>" +
          "<CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes><CommonPrefixes><Prefix/></CommonPrefixes>",
      ),
    );
    expect(raw.objects).toEqual([{ key: "k", size: "1" }]);
    expect(raw.commonPrefixes).toEqual(["p/", ""]);
  });

  it("keeps spaces around keys and decodes url-encoded keys with + and %2B", () => {
    const parsed = parseListPage(
      page(
        "<EncodingType>url</EncodingType><Contents><Key>+a+%2B+</Key><Size>1</Size></Contents>" +
          "<Contents><Key> b </Key><Size>2</Size></Contents>",
      ),
    );
    expect(parsed.objects.map((o) => o.path)).toEqual([" a + ", " b "]);
  });

  it("takes empty pages: a self-closing root, empty Contents", () => {
    expect(parseListPage("<ListBucketResult/>")).toEqual({ objects: [], commonPrefixes: [] });
    expect(parseListPage(page("<Contents></Contents><Contents/>")).objects).toEqual([]);
  });

  it("skips a byte-order mark and reads a '>' inside a root attribute", () => {
    const raw = scanListPage(
      '\ufeff<?xml version="1.0"?><ListBucketResult a="x>y"><Contents><Key>k</Key><Size>1</Size></Contents></ListBucketResult>',
    );
    expect(raw.objects).toEqual([{ key: "k", size: "1" }]);
  });

  it("refuses CDATA, comments and processing instructions, which S3 never sends", () => {
    for (const markup of [
      "<Contents><Key><![CDATA[a</Key>]]></Key><Size>1</Size></Contents>",
      "<!-- <Contents><Key>a</Key></Contents> -->",
      "<?pi <Key>?>",
    ]) {
      expect(() => parseListPage(page(markup))).toThrowError(
        /CDATA, a comment or a processing instruction/,
      );
    }
  });

  it("refuses a DOCTYPE in any case", () => {
    expect(() => parseListPage(`<!doctype x><ListBucketResult/>`)).toThrowError(
      /declares a DOCTYPE or entities/,
    );
  });

  it("refuses documents that are not well-formed", () => {
    const bad = [
      page("<Contents><Key>a</Size></Contents>"),
      page("<Contents><Key>a</Key>"),
      "<ListBucketResult><Contents><Key>a</Key><Size>1</Size></Contents>",
      `${page("")}<ListBucketResult/>`,
      `${page("")} trailing`,
      `junk ${page("")}`,
      page("<Contents><Key>a &bogus; b</Key><Size>1</Size></Contents>"),
      page("<Contents><Key>a &#0; b</Key><Size>1</Size></Contents>"),
      page("<Contents><Key>a &#xD800; b</Key><Size>1</Size></Contents>"),
      page("<Contents><Key>a & b</Key><Size>1</Size></Contents>"),
      page("</Stray>"),
      page("< Key>a</Key>"),
      page("<Contents><Key>a</KeyX></Contents>"),
      page("<Contents><Key>a</Ke></Contents>"),
      page("<Contents><Key>a</Key"),
      "<ListBucketResult",
    ];
    for (const text of bad) {
      expect(() => parseListPage(text), text).toThrowError(/not well-formed XML/);
    }
  });

  it("accepts whitespace before the '>' of a closing tag", () => {
    expect(
      scanListPage(page("<Contents><Key>a</Key ><Size>1</Size\n></Contents>")).objects,
    ).toEqual([{ key: "a", size: "1" }]);
  });

  it("gives every object its own Date, also when their LastModified texts are equal", () => {
    const modified = "<LastModified>2024-05-01T10:00:00.000Z</LastModified>";
    const { objects } = parseListPage(
      page(
        `<Contents><Key>a</Key>${modified}<Size>1</Size></Contents>` +
          `<Contents><Key>b</Key>${modified}<Size>1</Size></Contents>` +
          "<Contents><Key>c</Key><LastModified>not a date</LastModified><Size>1</Size></Contents>",
      ),
    );
    const [a, b, c] = objects.map((o) => o.lastModified);
    expect(a).not.toBe(b);
    a?.setTime(0);
    expect(b).toEqual(new Date("2024-05-01T10:00:00.000Z"));
    expect(c).toEqual(new Date(0));
  });

  it("refuses another root element", () => {
    expect(() => parseListPage("<ListBucketResultX/>")).toThrowError(
      /expected an XML <ListBucketResult> response/,
    );
  });

  it("decodes the five entities and character references", () => {
    expect(decodeXmlText("&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;", "list")).toBe(
      "<>&\"'AB😀",
    );
    expect(decodeXmlText("plain", "list")).toBe("plain");
    expect(() => decodeXmlText("&constructor;", "list")).toThrowError(/bad character reference/);
  });
});
