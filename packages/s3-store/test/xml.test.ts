import { parseXml as referenceParse, XmlElement } from "@rgrove/parse-xml";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseXml, type XmlNode, type XmlValue } from "../src/xml.js";
import { MAX_XML_BYTES } from "../src/xml-syntax.js";

// The tree an S3 document means, built from a conforming XML parser's output with the rules of
// parseXml: objects for elements with children, text for leaves, arrays for repeats.
const ARRAYS = new Set(["Contents", "CommonPrefixes", "Deleted", "Error", "Upload", "Part", "Tag"]);

function referenceValue(element: XmlElement): XmlValue {
  let node: XmlNode | undefined;
  for (const child of element.children) {
    if (!(child instanceof XmlElement)) continue;
    node ??= {};
    const value = referenceValue(child);
    const existing = node[child.name];
    if (ARRAYS.has(child.name)) node[child.name] = [...((existing as XmlValue[]) ?? []), value];
    else if (existing === undefined) node[child.name] = value;
    else node[child.name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return node ?? element.text;
}

function reference(text: string): XmlNode {
  const root = referenceParse(text).root as XmlElement;
  return { [root.name]: referenceValue(root) };
}

interface Tree {
  name: string;
  content: string | Tree[];
  selfClosing: boolean;
}

const NAMES = [
  "Key",
  "ETag",
  "Part",
  "Deleted",
  "Error",
  "Code",
  "Message",
  "UploadId",
  "Tag",
  "A",
];
const TEXT_CHARS = ["a", " ", "&", "<", ">", '"', "'", "é", "😀", "\n", "/", "="];

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.record({
    name: fc.constantFrom(...NAMES),
    content: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.array(fc.constantFrom(...TEXT_CHARS), { maxLength: 8 }).map((c) => c.join("")),
      fc.array(tie("tree"), { minLength: 1, maxLength: 4 }),
    ),
    selfClosing: fc.boolean(),
  }),
})).tree;

function serialize(t: Tree, indent: string, style: number): string {
  if (typeof t.content === "string") {
    if (t.content === "" && t.selfClosing) return `<${t.name}/>`;
    const text = t.content.replace(/[&<>"']/g, (c) =>
      style === 0
        ? ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" }[c] as string)
        : `&#${style === 1 ? c.charCodeAt(0) : `x${c.charCodeAt(0).toString(16)}`};`,
    );
    return `<${t.name}>${text}</${t.name}>`;
  }
  const inner = t.content.map((c) => indent + serialize(c, indent, style)).join("");
  return `<${t.name}>${inner}${indent}</${t.name}>`;
}

describe("parseXml", () => {
  it("builds the tree a conforming XML parser reads, for any document of S3's shapes", () => {
    fc.assert(
      fc.property(
        tree,
        fc.constantFrom("", "\n  ", "\t"),
        fc.nat({ max: 2 }),
        fc.boolean(),
        (t, indent, style, declaration) => {
          const root: Tree = { ...t, name: "Root" };
          const text =
            (declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : "") +
            serialize(root, indent, style).replace(
              "<Root>",
              '<Root xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
            );
          expect(parseXml(text, "test")).toEqual(reference(text));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("reads S3's documents: repeated and always-array elements, empty leaves, attributes", () => {
    const doc = parseXml(
      `<?xml version="1.0"?>
<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Deleted><Key> a b </Key></Deleted>
  <Error><Key>x&amp;y</Key><Code>AccessDenied</Code><Message/></Error>
  <Other>1</Other><Other>2</Other>
  <ETag></ETag>
</DeleteResult>`,
      "delete",
    );
    expect(doc).toEqual({
      DeleteResult: {
        Deleted: [{ Key: " a b " }],
        Error: [{ Key: "x&y", Code: "AccessDenied", Message: "" }],
        Other: ["1", "2"],
        ETag: "",
      },
    });
  });

  it("refuses what S3 never sends and documents that are not well-formed, naming the operation", () => {
    const cases: [string, RegExp][] = [
      ["<!DOCTYPE x><Error/>", /declares a DOCTYPE or entities/],
      ["<Error><![CDATA[x]]></Error>", /CDATA, a comment or a processing instruction/],
      ["<Error><!-- c --></Error>", /CDATA, a comment or a processing instruction/],
      ["<Error><?pi x?></Error>", /CDATA, a comment or a processing instruction/],
      ["<Error><Code>a</Message></Error>", /not well-formed XML \(<\/Message> closes <Code>\)/],
      ["<Error><Code>a</Code>", /not well-formed XML \(<Error> is not closed\)/],
      ["</Error>", /not well-formed XML \(stray <\/Error>\)/],
      ["<Error/><Error/>", /not well-formed XML \(content after the root element\)/],
      ["<Error/> x", /not well-formed XML \(text after the root element\)/],
      ["x <Error/>", /not well-formed XML \(no root element\)/],
      ["", /not well-formed XML \(no root element\)/],
      ["<Error><Code>&bogus;</Code></Error>", /not well-formed XML \(bad character reference/],
      ["<Error><Code>a & b</Code></Error>", /not well-formed XML \(bad character reference/],
      ["<Error><Code", /not well-formed XML \(unterminated tag\)/],
      ["<Error>< Code>a</Code></Error>", /not well-formed XML \(a tag without a name\)/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseXml(text, "copy"), text).toThrowError(message);
      expect(() => parseXml(text, "copy"), text).toThrowError(/^copy failed: /);
    }
  });

  it("refuses a document larger than any S3 response before reading it", () => {
    const big = `<Error>${" ".repeat(MAX_XML_BYTES)}</Error>`;
    expect(() => parseXml(big, "put")).toThrowError(/larger than 16777216 bytes/);
  });
});
