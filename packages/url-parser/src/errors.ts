import { REDACTED, redactUrl } from "@objstore/config-keys";
import { replaceControlChars } from "./control-chars.js";

/**
 * Why a URL was refused, for code that reacts to the kind of mistake rather than the message.
 *
 * - `unparseable`: not a string, control characters, or not an absolute URL.
 * - `unsupported-scheme`: a scheme other than `s3`, `s3a`, `https` or `http`.
 * - `credentials-in-url`: a user name or password before the host.
 * - `query-or-fragment`: a `?…` or `#…` part.
 * - `unrecognised-host`: an AWS or R2 host in no known form, or a port on an `s3://` URL.
 * - `missing-bucket`: no bucket in the host or the path.
 * - `invalid-bucket`: the bucket breaks a naming rule (the `cause` is the `ConfigError` from
 *   {@link validateBucketName}).
 * - `invalid-prefix`: the path after the bucket is not a valid key prefix.
 *
 * @example
 * ```ts
 * function isTypo(err: UrlParseError): boolean {
 *   const typos: UrlParseErrorReason[] = ["invalid-bucket", "unrecognised-host"];
 *   return typos.includes(err.reason);
 * }
 * ```
 */
export type UrlParseErrorReason =
  | "unparseable"
  | "unsupported-scheme"
  | "credentials-in-url"
  | "query-or-fragment"
  | "unrecognised-host"
  | "missing-bucket"
  | "invalid-bucket"
  | "invalid-prefix";

// Long inputs are cut so a pasted blob cannot flood a log line.
const MAX_SHOWN = 256;

function shorten(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

// Unparseable input gives no reliable userinfo boundary, so everything up to the last "@" goes.
function maskUnparseable(input: string): string {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(input)?.[0] ?? "";
  const at = input.lastIndexOf("@");
  let text = at === -1 ? input : `${scheme}${REDACTED}${input.slice(at)}`;
  const cut = text.search(/[?#]/);
  if (cut !== -1) text = `${text.slice(0, cut)}${text[cut]}${REDACTED}`;
  return text;
}

/**
 * The form of a URL that may be shown: user name and password replaced by `***`, and any query
 * string or fragment replaced by `?***` / `#***`, since presigned URLs and SAS-style URLs carry
 * their secrets there.
 */
export function displayUrl(input: unknown): string {
  if (typeof input !== "string") return `<${typeof input}>`;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return shorten(replaceControlChars(maskUnparseable(input)));
  }
  const query = url.search !== "" || input.includes("?") ? `?${REDACTED}` : "";
  const fragment = url.hash !== "" || input.includes("#") ? `#${REDACTED}` : "";
  url.search = "";
  url.hash = "";
  return shorten(replaceControlChars(`${redactUrl(url.href)}${query}${fragment}`));
}

/**
 * An S3 URL was refused. The message says what is wrong and which forms are accepted; `url` is
 * the input with credentials, query string and fragment hidden, so the error can be logged as is.
 *
 * @example
 * ```ts
 * try {
 *   parseS3Url("gs://bucket/data");
 * } catch (err) {
 *   if (err instanceof UrlParseError) console.error(err.reason, err.url); // "unsupported-scheme" "gs://bucket/data"
 * }
 * ```
 */
export class UrlParseError extends Error {
  override readonly name = "UrlParseError";
  /** The refused URL, safe to print: no user name, password, query string or fragment. */
  readonly url: string;
  /** What kind of mistake it is. */
  readonly reason: UrlParseErrorReason;

  /**
   * @param input - the URL as the caller gave it; it is redacted here, never stored raw.
   * @param reason - the kind of mistake.
   * @param problem - what is wrong and what would be accepted, without the URL (it is prepended).
   */
  constructor(
    input: unknown,
    reason: UrlParseErrorReason,
    problem: string,
    options: { cause?: unknown } = {},
  ) {
    const url = displayUrl(input);
    super(
      `invalid S3 URL ${JSON.stringify(url)}: ${problem}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.url = url;
    this.reason = reason;
  }
}
