import { ObjectStoreError } from "./errors.js";

// The lexical pieces both of our XML readers share: the listing scanner (list-xml.ts) and the
// tree builder for every other document (xml.ts). S3 sends a small, regular subset of XML; what
// it never sends (DOCTYPE, entity declarations, CDATA, comments, processing instructions) is
// refused rather than half-supported, and every reference is decoded and checked.

// A ListObjectsV2 page of 1,000 long keys is well under 2 MiB; anything far larger is not S3.
export const MAX_XML_BYTES = 16 * 1024 * 1024;

const NAMED_ENTITIES = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
]);

/** The error for a document that is not well-formed XML, saying why. */
export function malformed(operation: string, why: string): ObjectStoreError {
  return new ObjectStoreError(`${operation} failed: the response is not well-formed XML (${why})`, {
    operation,
  });
}

/** The error for a document with a DOCTYPE or an entity declaration. */
export function doctypeRefused(operation: string): ObjectStoreError {
  return new ObjectStoreError(
    `${operation} failed: the XML response declares a DOCTYPE or entities, which S3 never does`,
    { operation },
  );
}

/** The error for `<!…>` or `<?…?>` markup at `lt`, which S3 never sends inside a document. */
export function markupRefused(text: string, lt: number, operation: string): ObjectStoreError {
  if (/^<!(?:DOCTYPE|ENTITY)/i.test(text.slice(lt, lt + 9))) return doctypeRefused(operation);
  return new ObjectStoreError(
    `${operation} failed: the response holds CDATA, a comment or a processing instruction, which S3 never sends`,
    { operation },
  );
}

/** Refuses a document (whole, or in pieces) larger than {@link MAX_XML_BYTES}. */
export function checkXmlSize(text: string | readonly string[], operation: string): void {
  const pieces = typeof text === "string" ? [text] : text;
  let length = 0;
  for (const piece of pieces) length += piece.length;
  // A UTF-16 unit is at most 3 UTF-8 bytes: a text under a third of the cap needs no count.
  if (length <= MAX_XML_BYTES / 3) return;
  let bytes = 0;
  for (const piece of pieces) bytes += Buffer.byteLength(piece);
  if (bytes > MAX_XML_BYTES) {
    throw new ObjectStoreError(
      `${operation} failed: the XML response is larger than ${MAX_XML_BYTES} bytes`,
      { operation },
    );
  }
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

/**
 * Decodes the five XML entities and decimal/hex character references (`&#34;` from MinIO).
 *
 * @example
 * ```ts
 * decodeXmlText("&quot;a&amp;b&#34;", "list"); // '"a&b"'
 * ```
 */
export function decodeXmlText(raw: string, operation: string): string {
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
      throw malformed(
        operation,
        `bad character reference ${JSON.stringify(raw.slice(amp, amp + 12))}`,
      );
    }
    out += raw.slice(from, amp) + char;
    from = semi + 1;
    amp = raw.indexOf("&", from);
  }
  return out + raw.slice(from);
}

/** The index of the `>` ending the tag that starts at `from`, quotes in attribute values skipped. */
export function tagEnd(text: string, from: number, operation: string): number {
  const gt = text.indexOf(">", from);
  if (gt < 0) throw malformed(operation, "unterminated tag");
  // S3 puts attributes on the root only (xmlns), but an attribute value may hold a '>'.
  const inside = text.slice(from, gt);
  if (!inside.includes('"') && !inside.includes("'")) {
    if (inside.includes("<")) throw malformed(operation, "a '<' inside a tag");
    return gt;
  }
  let open = 0;
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    // XML allows no '<' in a tag, not even in an attribute value.
    if (c === 60) throw malformed(operation, "a '<' inside a tag");
    if (open !== 0) {
      if (c === open) open = 0;
    } else if (c === 34 || c === 39) open = c;
    else if (c === 62) return j;
  }
  throw malformed(operation, "unterminated tag");
}

/** The element name at the start of a tag's inside (`Key`, `ListBucketResult xmlns="…"`, `Prefix/`). */
export function tagName(inside: string): string {
  for (let j = 0; j < inside.length; j++) {
    const c = inside.charCodeAt(j);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) return inside.slice(0, j);
  }
  return inside;
}

/** Where the root element starts: after a byte-order mark, the XML declaration and whitespace. */
export function rootStart(text: string, operation: string): number {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  if (text.startsWith("<?xml", i) && /\s|\?/.test(text[i + 5] ?? "")) {
    const end = text.indexOf("?>", i);
    if (end < 0) throw malformed(operation, "unterminated XML declaration");
    i = end + 2;
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  }
  if (text.charCodeAt(i) !== 60 /* < */) throw malformed(operation, "no root element");
  return i;
}
