import { createRequire } from "node:module";
import type { XmlElement } from "@rgrove/parse-xml";
import { ObjectStoreError } from "./errors.js";

type ParseXmlModule = typeof import("@rgrove/parse-xml");

// @rgrove/parse-xml takes ~13 ms of CPU to import, a tenth of a cold start: only the documents of
// multipart uploads, copies, batch deletes and errors need it, so it is required on first use.
let parseXmlModule: ParseXmlModule | undefined;

function xmlLibrary(): ParseXmlModule {
  parseXmlModule ??= createRequire(import.meta.url)("@rgrove/parse-xml") as ParseXmlModule;
  return parseXmlModule;
}

// A ListObjectsV2 page of 1,000 long keys is well under 2 MiB; anything far larger is not S3.
export const MAX_XML_BYTES = 16 * 1024 * 1024;

const ARRAYS = new Set(["Contents", "CommonPrefixes", "Deleted", "Error", "Upload", "Part", "Tag"]);

/** A parsed XML element: nested objects, arrays for repeated elements, strings for text. */
export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

// An element with child elements becomes an object (whitespace between them is dropped); a leaf
// becomes its text, kept exactly, since keys may start or end with spaces.
function toValue(element: XmlElement, Element: typeof XmlElement): XmlValue {
  let node: XmlNode | undefined;
  for (const child of element.children) {
    if (!(child instanceof Element)) continue;
    node ??= {};
    const value = toValue(child, Element);
    const existing = node[child.name];
    if (ARRAYS.has(child.name)) {
      const list = (existing as XmlValue[] | undefined) ?? [];
      list.push(value);
      node[child.name] = list;
    } else if (existing === undefined) node[child.name] = value;
    else node[child.name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return node ?? element.text;
}

/**
 * Parses an S3 XML document. Documents with a DOCTYPE are refused: S3 never sends one, and
 * entity declarations are the way to an entity-expansion attack.
 */
export function parseXml(text: string, operation: string): XmlNode {
  checkXml(text, operation);
  const lib = xmlLibrary();
  try {
    const root = lib.parseXml(text).root;
    if (!root) throw new Error("no root element");
    return { [root.name]: toValue(root, lib.XmlElement) };
  } catch (cause) {
    throw new ObjectStoreError(`${operation} failed: the response is not well-formed XML`, {
      operation,
      cause,
    });
  }
}

/**
 * Refuses what no S3 server sends before anything reads the document: one larger than
 * {@link MAX_XML_BYTES}, and any DOCTYPE or entity declaration (the way to an entity-expansion
 * attack).
 */
export function checkXml(text: string, operation: string): void {
  checkXmlSize(text, operation);
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw doctypeRefused(operation);
}

/** Refuses a document larger than {@link MAX_XML_BYTES}. */
export function checkXmlSize(text: string, operation: string): void {
  // A UTF-16 unit is at most 3 UTF-8 bytes: a string under a third of the cap needs no count.
  if (text.length > MAX_XML_BYTES / 3 && Buffer.byteLength(text) > MAX_XML_BYTES) {
    throw new ObjectStoreError(
      `${operation} failed: the XML response is larger than ${MAX_XML_BYTES} bytes`,
      { operation },
    );
  }
}

/** The error for a document with a DOCTYPE or an entity declaration. */
export function doctypeRefused(operation: string): ObjectStoreError {
  return new ObjectStoreError(
    `${operation} failed: the XML response declares a DOCTYPE or entities, which S3 never does`,
    { operation },
  );
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
