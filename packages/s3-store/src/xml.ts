import {
  checkXmlSize,
  decodeXmlText,
  malformed,
  markupRefused,
  rootStart,
  tagEnd,
  tagName,
} from "./xml-syntax.js";

// Every S3 document but a listing page (see list-xml.ts) is small: an error, the answer to a
// multipart upload, a copy or a batch delete. They are read into a tree of plain objects by one
// pass over the tags, with the checks of xml-syntax.ts.

const ARRAYS = new Set(["Contents", "CommonPrefixes", "Deleted", "Error", "Upload", "Part", "Tag"]);

/** A parsed XML element: nested objects, arrays for repeated elements, strings for text. */
export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

interface OpenElement {
  name: string;
  /** Its child elements once it has one; until then it is a leaf. */
  node: XmlNode | undefined;
  textStart: number;
}

/**
 * Parses an S3 XML document into a tree: an element with child elements becomes an object
 * (whitespace between them dropped), a leaf its text, kept exactly (keys may start or end with
 * spaces), a repeated element an array. Refuses what S3 never sends: a DOCTYPE or entity
 * declaration (the way to an entity-expansion attack), CDATA, comments, processing instructions.
 *
 * @example
 * ```ts
 * parseXml("<InitiateMultipartUploadResult><UploadId>u1</UploadId></InitiateMultipartUploadResult>", "put");
 * // { InitiateMultipartUploadResult: { UploadId: "u1" } }
 * ```
 */
export function parseXml(text: string, operation: string): XmlNode {
  checkXmlSize(text, operation);
  const stack: OpenElement[] = [];
  let document: XmlNode | undefined;
  let i = rootStart(text, operation);
  for (;;) {
    const lt = text.indexOf("<", i);
    if (lt < 0) break;
    if (document) throw malformed(operation, "content after the root element");
    const next = text.charCodeAt(lt + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) throw markupRefused(text, lt, operation);
    if (next === 47 /* / */) {
      const gt = text.indexOf(">", lt + 2);
      if (gt < 0) throw malformed(operation, "unterminated tag");
      const name = text.slice(lt + 2, gt).trimEnd();
      const open = stack.pop();
      if (open?.name !== name) {
        throw malformed(operation, open ? `</${name}> closes <${open.name}>` : `stray </${name}>`);
      }
      add(name, open.node ?? decodeXmlText(text.slice(open.textStart, lt), operation));
      i = gt + 1;
      continue;
    }
    const gt = tagEnd(text, lt + 1, operation);
    const inside = text.slice(lt + 1, gt);
    const name = tagName(inside);
    if (name === "") throw malformed(operation, "a tag without a name");
    const parent = stack[stack.length - 1];
    if (parent) parent.node ??= {};
    if (inside.charCodeAt(inside.length - 1) === 47 /* / */) add(name, "");
    else stack.push({ name, node: undefined, textStart: gt + 1 });
    i = gt + 1;
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) throw malformed(operation, `<${unclosed.name}> is not closed`);
  if (!document) throw malformed(operation, "no root element");
  if (text.slice(i).trim() !== "") throw malformed(operation, "text after the root element");
  return document;

  function add(name: string, value: XmlValue): void {
    const parent = stack[stack.length - 1];
    if (!parent) {
      document = { [name]: value };
      return;
    }
    const node = parent.node as XmlNode;
    const existing = node[name];
    if (ARRAYS.has(name)) {
      const list = (existing as XmlValue[] | undefined) ?? [];
      list.push(value);
      node[name] = list;
    } else if (existing === undefined) node[name] = value;
    else node[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
}

/** The text of a child element, or undefined. */
export function textOf(node: XmlValue | undefined, name: string): string | undefined {
  if (node === undefined || typeof node === "string" || Array.isArray(node)) return undefined;
  const v = node[name];
  if (typeof v === "string") return v;
  // `<ETag></ETag>` parses as "" and `<Prefix/>` as "" too; nested nodes are not text.
  return undefined;
}

/** The child elements of a given name as an array (absent -> empty). */
export function listOf(node: XmlValue | undefined, name: string): XmlNode[] {
  if (node === undefined || typeof node === "string" || Array.isArray(node)) return [];
  const v = node[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter(
    (x): x is XmlNode => typeof x === "object" && !Array.isArray(x),
  );
}

/** Escapes text for an XML element body. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
