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

/** Builds a listing's object from the texts of one `<Contents>` entry, as they are found. */
export type EntryMaker<T> = (
  key: string | undefined,
  lastModified: string | undefined,
  size: string | undefined,
  eTag: string | undefined,
) => T;

/** The fields of a ListObjectsV2 page a listing uses. */
export interface RawListPage<T = RawListObject> {
  objects: T[];
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
  // An ETag as S3 sends it, `&quot;…&quot;`, on every object of a listing.
  if (amp === 0 && raw.startsWith("&quot;") && raw.indexOf("&", 6) === raw.length - 6) {
    if (raw.endsWith("&quot;") && raw.length >= 12) return `"${raw.slice(6, -6)}"`;
  }
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
export function scanListPage(text: string): RawListPage;
export function scanListPage<T>(text: string, make: EntryMaker<T>): RawListPage<T>;
export function scanListPage<T>(
  text: string,
  make: EntryMaker<T | RawListObject> = rawEntry,
): RawListPage<T | RawListObject> {
  checkXmlSize(text, "list");
  const page: RawListPage<T | RawListObject> = { objects: [], commonPrefixes: [] };
  const stack: string[] = [];
  let entry: RawListObject | undefined;
  let prefix: string | undefined;
  // Start of the innermost open element's text while it has no child element, else -1.
  let leafStart = -1;
  // The child names of the last entry read by contentsFast, compiled: the entries of a page
  // have one shape, and one native regex match per entry beats reading it tag by tag.
  let shape: Shape | undefined;
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
    if (shape !== undefined && next === 67 /* C */ && stack.length === 1) {
      const end = readShaped(text, lt, shape, page.objects, make);
      if (end >= 0) {
        leafStart = -1;
        i = end;
        continue;
      }
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
      if (plain && stack.length === 1 && name === "Contents") {
        const names: string[] = [];
        const end = contentsFast(text, gt + 1, page.objects, make, names);
        if (end >= 0) {
          shape = shapeOf(names);
          i = end;
          continue;
        }
      }
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
      page.objects.push(make(entry.key, entry.lastModified, entry.size, entry.eTag));
      entry = undefined;
    } else if (name === "CommonPrefixes") {
      page.commonPrefixes.push(prefix ?? "");
    }
  }
}

function rawEntry(
  key: string | undefined,
  lastModified: string | undefined,
  size: string | undefined,
  eTag: string | undefined,
): RawListObject {
  const entry: RawListObject = {};
  if (key !== undefined) entry.key = key;
  if (lastModified !== undefined) entry.lastModified = lastModified;
  if (size !== undefined) entry.size = size;
  if (eTag !== undefined) entry.eTag = eTag;
  return entry;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

const KEY = 1;
const LAST_MODIFIED = 2;
const ETAG = 3;
const SIZE = 4;
const STORAGE_CLASS = 5;
/** The length of each known child's opening tag, by field. */
const OPEN_LENGTH = [0, 5, 14, 6, 6, 14];

/** Which of a listing's usual children starts at `at`, or 0. */
function knownChild(text: string, at: number): number {
  switch (text.charCodeAt(at + 1)) {
    case 75 /* K */:
      return text.startsWith("<Key>", at) ? KEY : 0;
    case 76 /* L */:
      return text.startsWith("<LastModified>", at) ? LAST_MODIFIED : 0;
    case 69 /* E */:
      return text.startsWith("<ETag>", at) ? ETAG : 0;
    case 83 /* S */:
      if (text.startsWith("<Size>", at)) return SIZE;
      return text.startsWith("<StorageClass>", at) ? STORAGE_CLASS : 0;
    default:
      return 0;
  }
}

/** The length of `<Name>` at `at` for any plain name, else 0. */
function anyChild(text: string, at: number): number {
  let end = at + 1;
  let c = text.charCodeAt(end);
  while ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) c = text.charCodeAt(++end);
  return c === 62 /* > */ && end > at + 1 ? end + 1 - at : 0;
}

/**
 * The common shape of a `<Contents>` entry, `<Name>text</Name>` children only, read without the
 * general scanner's stack and slices: where that takes several steps per tag, this takes one
 * search per child. Returns where the entry ends, after adding it, or -1 without touching
 * anything when the entry holds anything else (nested elements such as `<Owner>`, attributes,
 * odd markup), which the general scanner then reads and checks as before.
 */
function contentsFast<T>(
  text: string,
  from: number,
  objects: T[],
  make: EntryMaker<T>,
  names: string[],
): number {
  let key: string | undefined;
  let lastModified: string | undefined;
  let size: string | undefined;
  let eTag: string | undefined;
  let any = false;
  let at = from;
  for (;;) {
    let c = text.charCodeAt(at);
    while (isSpace(c)) c = text.charCodeAt(++at);
    if (c !== 60 /* < */) return -1;
    if (text.charCodeAt(at + 1) === 47 /* / */) {
      if (!any || !text.startsWith("</Contents>", at)) return -1;
      objects.push(make(key, lastModified, size, eTag));
      return at + 11;
    }
    const field = knownChild(text, at);
    const open = field === 0 ? anyChild(text, at) : (OPEN_LENGTH[field] as number);
    if (open === 0) return -1;
    const start = at + open;
    const lt = text.indexOf("<", start);
    // The text must be closed by `</Name>` right away: a child element means another shape.
    const length = open - 2;
    if (lt < 0 || text.charCodeAt(lt + 1) !== 47 || text.charCodeAt(lt + 2 + length) !== 62) {
      return -1;
    }
    for (let k = 1; k <= length; k++) {
      if (text.charCodeAt(at + k) !== text.charCodeAt(lt + 1 + k)) return -1;
    }
    names.push(text.slice(at + 1, start - 1));
    if (field === KEY) key = decodeXmlText(text.slice(start, lt));
    else if (field === LAST_MODIFIED) lastModified = decodeXmlText(text.slice(start, lt));
    else if (field === ETAG) eTag = decodeXmlText(text.slice(start, lt));
    else if (field === SIZE) size = decodeXmlText(text.slice(start, lt));
    any = true;
    at = lt + 1 + open;
  }
}

/** A compiled entry shape: the regex and the group of each kept field (0: absent). */
interface Shape {
  re: RegExp;
  key: number;
  lastModified: number;
  size: number;
  /** The ETag between `&quot;`s, as S3 sends it. */
  quotedETag: number;
  /** Any other ETag text. */
  eTag: number;
}

const shapes = new Map<string, Shape>();
const MAX_SHAPES = 16;

/**
 * A sticky regex for `<Contents>` entries whose children are exactly `names`, in that order,
 * each `<Name>text</Name>`, XML whitespace allowed between tags. Names are letters only (as
 * contentsFast read them), so nothing needs escaping. The kept texts match only without `&`:
 * an entry holding a character reference does not match and goes to contentsFast, which
 * decodes and checks it, so a match needs no decoding.
 */
function shapeOf(names: string[]): Shape {
  const id = names.join(",");
  let shape = shapes.get(id);
  if (shape) return shape;
  const groups = { key: 0, lastModified: 0, size: 0, quotedETag: 0, eTag: 0 };
  let source = "<Contents>";
  let group = 0;
  for (const name of names) {
    let text = "[^<]*";
    if (name === "Key" || name === "LastModified" || name === "Size") {
      text = "([^<&]*)";
      groups[name === "Key" ? "key" : name === "Size" ? "size" : "lastModified"] = ++group;
    } else if (name === "ETag") {
      text = "(?:&quot;([^<&]*)&quot;|([^<&]*))";
      groups.quotedETag = ++group;
      groups.eTag = ++group;
    }
    source += `[ \\t\\r\\n]*<${name}>${text}</${name}>`;
  }
  source += "[ \\t\\r\\n]*</Contents>";
  shape = { re: new RegExp(source, "y"), ...groups };
  if (shapes.size >= MAX_SHAPES) shapes.clear();
  shapes.set(id, shape);
  return shape;
}

/** Reads the entry at `at` if it has `shape`: where it ends, after adding it, or -1. */
function readShaped<T>(
  text: string,
  at: number,
  shape: Shape,
  objects: T[],
  make: EntryMaker<T>,
): number {
  shape.re.lastIndex = at;
  const m = shape.re.exec(text);
  if (m === null) return -1;
  const quoted = m[shape.quotedETag];
  objects.push(
    make(
      shape.key === 0 ? undefined : m[shape.key],
      shape.lastModified === 0 ? undefined : m[shape.lastModified],
      shape.size === 0 ? undefined : m[shape.size],
      shape.quotedETag === 0 ? undefined : quoted !== undefined ? `"${quoted}"` : m[shape.eTag],
    ),
  );
  return shape.re.lastIndex;
}

const NEXT_TOKEN_OPEN = "<NextContinuationToken>";

/**
 * The `<NextContinuationToken>` of a ListObjectsV2 page found by a quick search, before the page
 * is parsed, so the next request can go out at once. Only a guess: the parsed page decides.
 */
export function peekNextToken(text: string): string | undefined {
  const at = text.lastIndexOf(NEXT_TOKEN_OPEN);
  if (at < 0) return undefined;
  const from = at + NEXT_TOKEN_OPEN.length;
  const end = text.indexOf("<", from);
  if (end < 0 || !text.startsWith("</NextContinuationToken>", end)) return undefined;
  try {
    return decodeXmlText(text.slice(from, end)) || undefined;
  } catch {
    return undefined;
  }
}
