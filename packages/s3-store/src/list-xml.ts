import { ObjectStoreError } from "./errors.js";
import { contentsFast, type EntryMaker, readShaped, type Shape, shapeOf } from "./list-entries.js";
import {
  checkXmlSize,
  decodeXmlText,
  malformed,
  markupRefused,
  rootStart,
  tagEnd,
  tagName,
} from "./xml-syntax.js";

// ListObjectsV2 is the one document read in bulk (a page per 1,000 keys), and it is flat and
// regular. Building a tree of it and reading the tree took 8–15 ms of CPU per 1,000-key page;
// this scanner walks the tags once, keeps only the fields a listing needs, and reads most entries
// with one compiled match (list-entries.ts): ~0.3 ms per page once warm, which is what lets a
// listing run several times faster than the AWS SDK's. It is still a checking parser, not a
// search for strings: every tag must be closed by its own name, there is one root, entity and
// character references are decoded and checked, and markup S3 never sends (DOCTYPE, CDATA,
// comments, processing instructions) is refused.

/** One `<Contents>` entry, texts decoded but not yet converted. */
export interface RawListObject {
  key?: string;
  lastModified?: string;
  size?: string;
  eTag?: string;
}

/**
 * A ListObjectsV2 document as text: one string, or pieces from {@link splitListText}.
 */
export type ListText = string | readonly string[];

// V8 puts a string over 128 KiB (a 1,000-key page is ~200 KiB) in its large-object space, one
// mapping each: decoding a page whole cost ~250 µs, in pieces of ~64 KiB under 30 µs.
const PIECE_BYTES = 64 * 1024;
const CONTENTS_END = Buffer.from("</Contents>");
const PREFIXES_END = Buffer.from("</CommonPrefixes>");

/**
 * Decodes a ListObjectsV2 body into pieces of about `pieceBytes`, each cut right after a
 * `</Contents>` or `</CommonPrefixes>`, which S3 puts only at the root's level. A cut anywhere
 * else (in a hostile document) ends in a not-well-formed error, never in a wrong listing.
 *
 * @example
 * ```ts
 * scanListPage(splitListText(body));
 * ```
 */
export function splitListText(bytes: Buffer, pieceBytes = PIECE_BYTES): string[] {
  const pieces: string[] = [];
  let from = 0;
  while (bytes.length - from > 2 * pieceBytes) {
    const contents = bytes.indexOf(CONTENTS_END, from + pieceBytes);
    const at = contents >= 0 ? contents : bytes.indexOf(PREFIXES_END, from + pieceBytes);
    if (at < 0) break;
    const end = at + (contents >= 0 ? CONTENTS_END.length : PREFIXES_END.length);
    pieces.push(bytes.toString("utf8", from, end));
    from = end;
  }
  pieces.push(bytes.toString("utf8", from));
  return pieces;
}

/** The fields of a ListObjectsV2 page a listing uses. */
export interface RawListPage<T = RawListObject> {
  objects: T[];
  commonPrefixes: string[];
  isTruncated?: string;
  nextContinuationToken?: string;
  encodingType?: string;
}

const ROOT = "ListBucketResult";

/**
 * Scans a ListObjectsV2 document for the fields a listing needs.
 *
 * @example
 * ```ts
 * scanListPage("<ListBucketResult><Contents><Key>a</Key><Size>1</Size></Contents></ListBucketResult>");
 * // { objects: [{ key: "a", size: "1" }], commonPrefixes: [] }
 * ```
 */
export function scanListPage(text: ListText): RawListPage;
export function scanListPage<T>(text: ListText, make: EntryMaker<T>): RawListPage<T>;
export function scanListPage<T>(
  document: ListText,
  make: EntryMaker<T | RawListObject> = rawEntry,
): RawListPage<T | RawListObject> {
  const pieces = typeof document === "string" ? [document] : document;
  checkXmlSize(pieces, "list");
  const page: RawListPage<T | RawListObject> = { objects: [], commonPrefixes: [] };
  const stack: string[] = [];
  let entry: RawListObject | undefined;
  let prefix: string | undefined;
  // Start of the innermost open element's text while it has no child element, else -1.
  let leafStart = -1;
  // The child names of the last entry read by contentsFast, compiled: the entries of a page
  // have one shape, and one native regex match per entry beats reading it tag by tag.
  let shape: Shape | undefined;
  let rootDone = false;
  let text = "";
  let i = 0;
  // Pieces are cut right after an element closed at the root's level (see splitListText), so no
  // tag or text spans two, and only the stack of open elements carries over.
  for (let p = 0; p < pieces.length; p++) {
    text = pieces[p] as string;
    i = p === 0 ? rootStart(text, "list") : 0;
    scanPiece();
    if (rootDone && p < pieces.length - 1 && text.slice(i).trim() !== "") {
      throw malformed("list", "text after the root element");
    }
  }
  if (stack.length > 0) throw malformed("list", `<${stack[stack.length - 1]}> is not closed`);
  if (text.slice(i).trim() !== "") throw malformed("list", "text after the root element");
  return page;

  function scanPiece(): void {
    for (;;) {
      const lt = text.indexOf("<", i);
      if (lt < 0) break;
      if (rootDone) throw malformed("list", "content after the root element");
      const next = text.charCodeAt(lt + 1);
      if (next === 33 /* ! */ || next === 63 /* ? */) {
        throw markupRefused(text, lt, "list");
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
          if (gt < 0) throw malformed("list", "unterminated tag");
          const name = text.slice(lt + 2, gt).trimEnd();
          if (name !== open) {
            throw malformed(
              "list",
              open === undefined ? `stray </${name}>` : `</${name}> closes <${open}>`,
            );
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
      const gt = plain ? j : tagEnd(text, lt + 1, "list");
      const inside = plain ? "" : text.slice(lt + 1, gt);
      const name = plain ? text.slice(lt + 1, gt) : tagName(inside);
      if (name === "") throw malformed("list", "a tag without a name");
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
  }

  // `depth` counts the open elements around the leaf: 1 for children of the root.
  function onLeaf(depth: number, name: string, raw: string): void {
    if (depth === 1) {
      if (name === "IsTruncated") page.isTruncated = decodeXmlText(raw, "list");
      else if (name === "NextContinuationToken")
        page.nextContinuationToken = decodeXmlText(raw, "list");
      else if (name === "EncodingType") page.encodingType = decodeXmlText(raw, "list");
      return;
    }
    if (depth !== 2) return;
    const parent = stack[1];
    if (parent === "Contents" && entry) {
      if (name === "Key") entry.key = decodeXmlText(raw, "list");
      else if (name === "LastModified") entry.lastModified = decodeXmlText(raw, "list");
      else if (name === "Size") entry.size = decodeXmlText(raw, "list");
      else if (name === "ETag") entry.eTag = decodeXmlText(raw, "list");
    } else if (parent === "CommonPrefixes" && name === "Prefix") {
      prefix = decodeXmlText(raw, "list");
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

const NEXT_TOKEN_OPEN = "<NextContinuationToken>";

/**
 * The `<NextContinuationToken>` of a ListObjectsV2 page found by a quick search, before the page
 * is parsed, so the next request can go out at once. Only a guess: the parsed page decides.
 */
export function peekNextToken(document: ListText): string | undefined {
  const pieces = typeof document === "string" ? [document] : document;
  let text = "";
  let at = -1;
  for (let p = pieces.length - 1; p >= 0 && at < 0; p--) {
    text = pieces[p] as string;
    at = text.lastIndexOf(NEXT_TOKEN_OPEN);
  }
  if (at < 0) return undefined;
  const from = at + NEXT_TOKEN_OPEN.length;
  const end = text.indexOf("<", from);
  if (end < 0 || !text.startsWith("</NextContinuationToken>", end)) return undefined;
  try {
    return decodeXmlText(text.slice(from, end), "list") || undefined;
  } catch {
    return undefined;
  }
}
