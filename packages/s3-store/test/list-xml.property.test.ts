import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitListText } from "../src/list-xml.js";
import { parseListPage } from "../src/responses.js";

// The scanner reads an entry one of three ways: a compiled regex for the shape of the entry
// before it, a quick reader of flat entries, or the general tag-by-tag scanner. Whatever mix a
// page causes, the result must be the one its XML means.

interface Entry {
  key: string;
  size: number;
  eTag: string | undefined;
  modified: string;
  extras: string[];
  order: number;
  indent: string;
  quoteStyle: number;
}

const KEY_CHARS = [
  "a",
  "Z",
  "0",
  "/",
  " ",
  "&",
  "<",
  ">",
  '"',
  "'",
  "é",
  "😀",
  "+",
  "%",
  "=",
  "\t",
];

const entry: fc.Arbitrary<Entry> = fc.record({
  key: fc
    .array(fc.constantFrom(...KEY_CHARS), { minLength: 1, maxLength: 12 })
    .map((c) => c.join("")),
  size: fc.nat({ max: 2 ** 40 }),
  eTag: fc.option(fc.stringMatching(/^[0-9a-f]{4,8}(-[0-9]{1,3})?$/), { nil: undefined }),
  modified: fc.constantFrom("2024-05-01T10:00:00.000Z", "2025-12-31T23:59:59.000Z"),
  extras: fc.subarray([
    "<StorageClass>STANDARD</StorageClass>",
    "<ChecksumAlgorithm>CRC32</ChecksumAlgorithm>",
    "<Owner><ID>o</ID><DisplayName>x</DisplayName></Owner>",
    "<RestoreStatus><IsRestoreInProgress>false</IsRestoreInProgress></RestoreStatus>",
  ]),
  order: fc.nat({ max: 5 }),
  indent: fc.constantFrom("", "", "\n    ", "\t"),
  quoteStyle: fc.nat({ max: 3 }),
});

/** XML text for `s`, with named or numeric references as different servers write them. */
function xmlEscaped(s: string, style: number): string {
  return s.replace(/[&<>"']/g, (c) => {
    if (style === 1) return `&#${c.charCodeAt(0)};`;
    if (style === 2) return `&#x${c.charCodeAt(0).toString(16)};`;
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" }[c] as string;
  });
}

function entryXml(e: Entry): string {
  const fields = [
    `<Key>${xmlEscaped(e.key, e.quoteStyle)}</Key>`,
    `<LastModified>${e.modified}</LastModified>`,
    ...(e.eTag === undefined ? [] : [`<ETag>${xmlEscaped(`"${e.eTag}"`, e.quoteStyle)}</ETag>`]),
    `<Size>${e.size}</Size>`,
    ...e.extras,
  ];
  // Rotate the children: servers differ in their order.
  const rotated = [
    ...fields.slice(e.order % fields.length),
    ...fields.slice(0, e.order % fields.length),
  ];
  return `<Contents>${rotated.map((f) => e.indent + f).join("")}${e.indent}</Contents>`;
}

const page = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsTruncated>false</IsTruncated>${inner}</ListBucketResult>`;

describe("ListObjectsV2 scanner, property-based", () => {
  it("reads every entry as its XML means, whatever shapes follow one another", () => {
    fc.assert(
      fc.property(
        // Runs of one entry repeated exercise the compiled shapes; mixed runs the fallbacks.
        fc.array(fc.tuple(entry, fc.integer({ min: 1, max: 3 })), { maxLength: 12 }),
        fc.integer({ min: 1, max: 400 }),
        (runs, pieceBytes) => {
          const entries = runs.flatMap(([e, n]) => Array.from({ length: n }, () => e));
          const text = page(entries.map(entryXml).join(""));
          const parsed = parseListPage(text);
          // Read in pieces, as a listing reads its pages, it means the same.
          expect(parseListPage(splitListText(Buffer.from(text), pieceBytes))).toEqual(parsed);
          expect(parsed.objects).toEqual(
            entries.map((e) => ({
              path: e.key,
              lastModified: new Date(e.modified),
              size: e.size,
              ...(e.eTag === undefined ? {} : { eTag: `"${e.eTag}"` }),
            })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses a malformed entry after well-formed ones of the same shape", () => {
    const good =
      "<Contents><Key>a</Key><LastModified>2024-05-01T10:00:00.000Z</LastModified><ETag>&quot;e&quot;</ETag><Size>1</Size></Contents>";
    const bad = [
      "<Contents><Key>a &bogus; b</Key><LastModified>x</LastModified><ETag>&quot;e&quot;</ETag><Size>1</Size></Contents>",
      "<Contents><Key>a & b</Key><LastModified>x</LastModified><ETag>&quot;e&quot;</ETag><Size>1</Size></Contents>",
      "<Contents><Key>a</Key><LastModified>x</LastModified><ETag>&quot;e&quot;</ETag><Size>1</Sizes></Contents>",
      "<Contents><Key>a</Key><LastModified>x</LastModified><ETag>&quot;e&#0;&quot;</ETag><Size>1</Size></Contents>",
      "<Contents><Key>a</Key><LastModified>x</LastModified><ETag>&quot;e&quot;</ETag><Size>1</Size></Content>",
      "<Contents><Key>a</Key><LastModified>x</LastModified><ETag>&quot;e&quot;</ETag><Size>1</Size>",
    ];
    for (const b of bad) {
      expect(() => parseListPage(page(good + good + b)), b).toThrowError(/not well-formed XML/);
      const pieces = splitListText(Buffer.from(page(good + good + b + good)), 1);
      expect(() => parseListPage(pieces), b).toThrowError(/not well-formed XML/);
    }
  });

  it("refuses a bad size in an entry of a compiled shape", () => {
    const entryOf = (size: string) =>
      `<Contents><Key>a</Key><LastModified>2024-05-01T10:00:00.000Z</LastModified><Size>${size}</Size></Contents>`;
    expect(() => parseListPage(page(entryOf("1") + entryOf("1") + entryOf("-1")))).toThrowError(
      /invalid object size "-1"/,
    );
    expect(() => parseListPage(page(entryOf("1") + entryOf("&#49;x")))).toThrowError(
      /invalid object size "1x"/,
    );
  });

  it("cuts a page only after an entry, so multi-byte keys and hostile markup survive the cut", () => {
    const entries = Array.from(
      { length: 300 },
      (_, i) => `<Contents><Key>ключ-😀-${i}</Key><Size>${i}</Size></Contents>`,
    );
    const bytes = Buffer.from(page(entries.join("")));
    const pieces = splitListText(bytes, 1024);
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces.slice(0, -1)) expect(piece.endsWith("</Contents>")).toBe(true);
    expect(pieces.join("")).toBe(bytes.toString("utf8"));
    expect(parseListPage(pieces).objects.map((o) => o.path)).toEqual(
      entries.map((_, i) => `ключ-😀-${i}`),
    );
    // A '</Contents>' inside an attribute value (not XML: '<' is not allowed there) is cut and
    // refused, never read as entries.
    const hostile = Buffer.from(
      `<ListBucketResult a="${"x".repeat(40)}</Contents>${"y".repeat(40)}">${entries.slice(0, 3).join("")}</ListBucketResult>`,
    );
    expect(() => parseListPage(splitListText(hostile, 8))).toThrowError(/not well-formed XML/);
    expect(() => parseListPage(hostile.toString())).toThrowError(/not well-formed XML/);
  });
});
