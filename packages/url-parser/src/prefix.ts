import { hasControlChar } from "./control-chars.js";

/**
 * Turns the raw (still percent-encoded) path after the bucket into a key prefix: one leading and
 * one trailing `/` dropped, percent-decoded, `undefined` when empty. Returns a problem string when
 * the result is not a valid objstore path (empty, `.` or `..` segments, control characters), since
 * the store would refuse it later with a less helpful error.
 */
export function decodePrefix(rawPath: string): { prefix?: string } | { problem: string } {
  const trimmed = rawPath.replace(/^\//, "").replace(/\/$/, "");
  if (trimmed === "") return {};
  let prefix: string;
  try {
    prefix = decodeURIComponent(trimmed);
  } catch {
    return {
      problem: 'the path holds malformed percent-encoding; write a literal "%" as %25',
    };
  }
  for (const segment of prefix.split("/")) {
    if (segment === "") {
      return { problem: 'the prefix has an empty segment ("//"); use single slashes' };
    }
    if (segment === "." || segment === "..") {
      return { problem: `the prefix has a "${segment}" segment, which object keys may not use` };
    }
  }
  if (hasControlChar(prefix)) {
    return { problem: "the prefix holds control characters, which object keys may not use" };
  }
  return { prefix };
}
