import { inspectCustom, REDACTED } from "@objstore/config-keys";
import { CredentialsError } from "./errors.js";
import type { Credentials } from "./types.js";

/**
 * The fields of {@link Credentials}, with the expiry also accepted as a string or epoch ms.
 *
 * @example
 * ```ts
 * const input: CredentialsInput = { accessKeyId: "ASIA…", secretAccessKey: "…", sessionToken: "…", expiration: "2030-01-01T00:00:00Z" };
 * ```
 */
export interface CredentialsInput {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | null;
  expiration?: Date | string | number | null;
}

function shown(c: Credentials): Record<string, string> {
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: REDACTED,
    ...(c.sessionToken === undefined ? {} : { sessionToken: REDACTED }),
    ...(c.expiration === undefined ? {} : { expiration: c.expiration.toISOString() }),
  };
}

/** Parses an expiry given as a Date, an ISO-8601 string or epoch milliseconds. */
export function parseExpiration(value: Date | string | number, source: string): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new CredentialsError(source, `invalid credential expiration "${String(value)}"`);
  return date;
}

/**
 * Checks credentials and returns a frozen copy that prints redacted: `util.inspect`,
 * `JSON.stringify` and template strings show the access key id but `***` for the secret and
 * token. Every built-in provider returns such objects; custom providers may use it too.
 *
 * @example
 * ```ts
 * const creds = createCredentials({ accessKeyId: "AKIA…", secretAccessKey: "…", expiration: "2030-01-01T00:00:00Z" });
 * console.log(`${creds}`); // Credentials { accessKeyId: "AKIA…", secretAccessKey: "***", … }
 * ```
 */
export function createCredentials(input: CredentialsInput, source = "credentials"): Credentials {
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = input ?? {};
  if (typeof accessKeyId !== "string" || accessKeyId.trim() === "")
    throw new CredentialsError(source, "the access key id is missing or empty");
  if (typeof secretAccessKey !== "string" || secretAccessKey === "")
    throw new CredentialsError(
      source,
      `the secret access key for "${accessKeyId}" is missing or empty`,
    );
  if (sessionToken !== undefined && sessionToken !== null && typeof sessionToken !== "string")
    throw new CredentialsError(source, "the session token must be a string");
  const creds: Credentials = {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiration === undefined || expiration === null
      ? {}
      : { expiration: parseExpiration(expiration, source) }),
  };
  const text = () =>
    `Credentials { ${Object.entries(shown(creds))
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(", ")} }`;
  Object.defineProperties(creds, {
    toJSON: { value: () => shown(creds) },
    toString: { value: text },
    [inspectCustom]: { value: text },
  });
  return Object.freeze(creds);
}
