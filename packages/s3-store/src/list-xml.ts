import { ObjectStoreError } from "./errors.js";
import { checkXmlSize, doctypeRefused } from "./xml.js";

// ListObjectsV2 is the one document read in bulk (a page per 1,000 keys), and it is flat and
// regular. Building a tree of it with @rgrove/parse-xml and reading the tree took 8–15 ms of CPU per
// 1,000-key page; this scanner, which walks the tags once and keeps only the fields a listing
// needs, takes ~1.5–2.5 ms, which is what lets a listing run several times faster than the AWS
// SDK's. It is still a checking parser, not a search for strings: every tag must be closed by
// its own name, there is one root, entity and character references are decoded and checked, and
// markup S3 never sends (DOCTYPE, CDATA, comments, processing instructions) is refused.

/** One `<Contents>` entry, texts decoded but not yet converted. */
export interface RawListObject {
  key?: string;
  lastModified?: string;
  size?: string;
  eTag?: string;
}

/** The fields of a ListObjectsV2 page a listing uses. */
export interface RawListPage {
  objects: RawListObject[];
  commonPrefixes: string[];
  isTruncated?: string;
  nextContinuationToken?: string;
  encodingType?: string;
}

const ROOT = "ListBucketResult";

const NAMED_ENTITIES = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
]);

function malformed(why: string): ObjectStoreError {
  return new ObjectStoreError(`list failed: the response is not well-formed XML (${why})`, {
    operation: "list",
  });
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Decodes the five XML entities and decimal/hex character references (`&#34;` from MinIO). */
export function decodeXmlText(raw: string): string {
  let amp = raw.indexOf("&");
  if (amp < 0) return raw;
  let out = "";
  let from = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(";", amp + 1);
    const ref = semi < 0 ? "" : raw.slice(amp + 1, semi);
    let char: string | undefined;
    if (ref.charCodeAt(0) === 35 /* # */) {
      const hex = ref.charCodeAt(1) === 120; /* x */
      const digits = ref.slice(hex ? 2 : 1);
      if ((hex ? /^[0-9A-Fa-f]{1,6}$/ : /^[0-9]{1,7}$/).test(digits)) {
        const cp = Number.parseInt(digits, hex ? 16 : 10);
        if (isXmlChar(cp)) char = String.fromCodePoint(cp);
      }
    } else {
      char = NAMED_ENTITIES.get(ref);
    }
    if (char === undefined) {
      throw malformed(`bad character reference ${JSON.stringify(raw.slice(amp, amp + 12))}`);
    }
    out += raw.slice(from, amp) + char;
    from = semi + 1;
    amp = raw.indexOf("&", from);
  }
  return out + raw.slice(from);
}

/** The index of the `>` ending the tag that starts at `from`, quotes in attribute values skipped. */
function tagEnd(text: string, from: number): number {
  const gt = text.indexOf(">", from);
  if (gt < 0) throw malformed("unterminated tag");
  // Only the root carries an attribute (xmlns), and an attribute value may hold a '>'.
  const inside = text.slice(from, gt);
  if (!inside.includes('"') && !inside.includes("'")) return gt;
  let open = 0;
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (open !== 0) {
      if (c === open) open = 0;
    } else if (c === 34 || c === 39) open = c;
    else if (c === 62) return j;
  }
  throw malformed("unterminated tag");
}

/** The element name at the start of a tag's inside (`Key`, `ListBucketResult xmlns="…"`, `Prefix/`). */
function tagName(inside: string): string {
  for (let j = 0; j < inside.length; j++) {
    const c = inside.charCodeAt(j);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) return inside.slice(0, j);
  }
  return inside;
}

/** Where the root element starts: after a byte-order mark, the XML declaration and whitespace. */
function rootStart(text: string): number {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  if (text.startsWith("<?xml", i) && /\s|\?/.test(text[i + 5] ?? "")) {
    const end = text.indexOf("?>", i);
    if (end < 0) throw malformed("unterminated XML declaration");
    i = end + 2;
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  }
  if (text.charCodeAt(i) !== 60 /* < */) throw malformed("no root element");
  return i;
}

/**
 * Scans a ListObjectsV2 document for the fields a listing needs.
 *
 * @example
 * ```ts
 * scanListPage("<ListBucketResult><Contents><Key>a</Key><Size>1</Size></Contents></ListBucketResult>");
 * // { objects: [{ key: "a", size: "1" }], commonPrefixes: [] }
 * ```
 */
export function scanListPage(text: string): RawListPage {
  checkXmlSize(text, "list");
  const page: RawListPage = { objects: [], commonPrefixes: [] };
  const stack: string[] = [];
  let entry: RawListObject | undefined;
  let prefix: string | undefined;
  // Start of the innermost open element's text while it has no child element, else -1.
  let leafStart = -1;
  let i = rootStart(text);
  let rootDone = false;
  for (;;) {
    const lt = text.indexOf("<", i);
    if (lt < 0) break;
    if (rootDone) throw malformed("content after the root element");
    const next = text.charCodeAt(lt + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      if (/^<!(?:DOCTYPE|ENTITY)/i.test(text.slice(lt, lt + 9))) throw doctypeRefused("list");
      throw new ObjectStoreError(
        "list failed: the response holds CDATA, a comment or a processing instruction, which S3 never sends",
        { operation: "list" },
      );
    }
    if (next === 47 /* / */) {
      const open = stack.pop();
      // The common case, `</Name>` closing `<Name>`, is checked in place without slicing a name.
      let gt = open === undefined ? -1 : lt + 2 + open.length;
      if (
        gt < 0 ||
        text.charCodeAt(gt) !== 62 /* > */ ||
        !text.startsWith(open as string, lt + 2)
      ) {
        gt = text.indexOf(">", lt + 2);
        if (gt < 0) throw malformed("unterminated tag");
        const name = text.slice(lt + 2, gt).trimEnd();
        if (name !== open) {
          throw malformed(open === undefined ? `stray </${name}>` : `</${name}> closes <${open}>`);
        }
      }
      const name = open as string;
      if (leafStart >= 0) {
        const value = text.slice(leafStart, lt);
        leafStart = -1;
        onLeaf(stack.length, name, value);
      } else if (stack.length === 1) {
        onContainerEnd(name);
      }
      if (stack.length === 0) rootDone = true;
      i = gt + 1;
      continue;
    }
    // A plain `<Name>` (every tag but the root's) is read in one pass over its name.
    let j = lt + 1;
    let c = text.charCodeAt(j);
    while (c !== 62 && c !== 32 && c !== 47 && c !== 9 && c !== 10 && c !== 13 && j < text.length)
      c = text.charCodeAt(++j);
    const plain = c === 62 && j > lt + 1;
    const gt = plain ? j : tagEnd(text, lt + 1);
    const inside = plain ? "" : text.slice(lt + 1, gt);
    const name = plain ? text.slice(lt + 1, gt) : tagName(inside);
    if (name === "") throw malformed("a tag without a name");
    if (stack.length === 0 && name !== ROOT) {
      throw new ObjectStoreError(`list failed: expected an XML <${ROOT}> response`, {
        operation: "list",
      });
    }
    leafStart = -1;
    if (!plain && inside.charCodeAt(inside.length - 1) === 47 /* / */) {
      // <Name/>: an empty element.
      if (stack.length === 0) rootDone = true;
      else onLeaf(stack.length, name, "");
    } else {
      stack.push(name);
      if (stack.length === 2) {
        if (name === "Contents") entry = {};
        else if (name === "CommonPrefixes") prefix = undefined;
      }
      leafStart = gt + 1;
    }
    i = gt + 1;
  }
  if (stack.length > 0) throw malformed(`<${stack[stack.length - 1]}> is not closed`);
  if (text.slice(i).trim() !== "") throw malformed("text after the root element");
  return page;

  // `depth` counts the open elements around the leaf: 1 for children of the root.
  function onLeaf(depth: number, name: string, raw: string): void {
    if (depth === 1) {
      if (name === "IsTruncated") page.isTruncated = decodeXmlText(raw);
      else if (name === "NextContinuationToken") page.nextContinuationToken = decodeXmlText(raw);
      else if (name === "EncodingType") page.encodingType = decodeXmlText(raw);
      return;
    }
    if (depth !== 2) return;
    const parent = stack[1];
    if (parent === "Contents" && entry) {
      if (name === "Key") entry.key = decodeXmlText(raw);
      else if (name === "LastModified") entry.lastModified = decodeXmlText(raw);
      else if (name === "Size") entry.size = decodeXmlText(raw);
      else if (name === "ETag") entry.eTag = decodeXmlText(raw);
    } else if (parent === "CommonPrefixes" && name === "Prefix") {
      prefix = decodeXmlText(raw);
    }
  }

  // An entry with child elements ends; an empty `<Contents></Contents>` is no object.
  function onContainerEnd(name: string): void {
    if (name === "Contents" && entry) {
      page.objects.push(entry);
      entry = undefined;
    } else if (name === "CommonPrefixes") {
      page.commonPrefixes.push(prefix ?? "");
    }
  }
}
