import { decodeXmlText } from "./xml-syntax.js";

// The two quick ways list-xml.ts reads a `<Contents>` entry of a ListObjectsV2 page, tried before
// its general tag-by-tag scanner: one compiled regex match for an entry shaped like the one
// before it, or one search per child for any flat entry. Either gives up (returns -1) on
// anything else, and the general scanner then reads and checks the entry.

/** Builds a listing's object from the texts of one `<Contents>` entry, as they are found. */
export type EntryMaker<T> = (
  key: string | undefined,
  lastModified: string | undefined,
  size: string | undefined,
  eTag: string | undefined,
) => T;

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
export function contentsFast<T>(
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
    if (field === KEY) key = decodeXmlText(text.slice(start, lt), "list");
    else if (field === LAST_MODIFIED) lastModified = decodeXmlText(text.slice(start, lt), "list");
    else if (field === ETAG) eTag = decodeXmlText(text.slice(start, lt), "list");
    else if (field === SIZE) size = decodeXmlText(text.slice(start, lt), "list");
    any = true;
    at = lt + 1 + open;
  }
}

/** A compiled entry shape: the regex and the group of each kept field (0: absent). */
export interface Shape {
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
export function shapeOf(names: string[]): Shape {
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

/**
 * Reads the entries from `at` on while they have `shape` (with whitespace between them): where
 * the last one read ends, after adding them, or -1 if the first does not match. One call reads a
 * page's run of like entries, so the scanner's own loop runs once per run, not per entry.
 */
export function readShaped<T>(
  text: string,
  at: number,
  shape: Shape,
  objects: T[],
  make: EntryMaker<T>,
): number {
  const re = shape.re;
  re.lastIndex = at;
  let end = -1;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const quoted = m[shape.quotedETag];
    objects.push(
      make(
        shape.key === 0 ? undefined : m[shape.key],
        shape.lastModified === 0 ? undefined : m[shape.lastModified],
        shape.size === 0 ? undefined : m[shape.size],
        shape.quotedETag === 0 ? undefined : quoted !== undefined ? `"${quoted}"` : m[shape.eTag],
      ),
    );
    end = re.lastIndex;
  }
  return end;
}
