import { createCredentials } from "./credentials.js";
import { CredentialsError } from "./errors.js";
import type { Credentials } from "./types.js";

/**
 * Reads the credential JSON that ECS, EKS Pod Identity, instance metadata and
 * `credential_process` all answer with: `{ AccessKeyId, SecretAccessKey, Token | SessionToken,
 * Expiration }`. The text is never quoted in errors, since it holds the secret.
 */
export function parseCredentialJson(text: string, source: string, what: string): Credentials {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new CredentialsError(source, `${what} is not valid JSON`, { cause });
  }
  if (typeof doc !== "object" || doc === null)
    throw new CredentialsError(source, `${what} is not a JSON object`);
  const d = doc as Record<string, unknown>;
  if (typeof d.AccessKeyId !== "string" || typeof d.SecretAccessKey !== "string")
    throw new CredentialsError(source, `${what} lacks AccessKeyId or SecretAccessKey`);
  const token = d.Token ?? d.SessionToken;
  const expiration = d.Expiration;
  return createCredentials(
    {
      accessKeyId: d.AccessKeyId,
      secretAccessKey: d.SecretAccessKey,
      ...(typeof token === "string" && token !== "" ? { sessionToken: token } : {}),
      ...(typeof expiration === "string" || typeof expiration === "number" ? { expiration } : {}),
    },
    source,
  );
}

/** The message of a JSON error body (`{ "message": … }` or `{ "Message": … }`), if any. */
export function jsonErrorMessage(text: string): string | undefined {
  try {
    const doc = JSON.parse(text) as Record<string, unknown>;
    const message = doc.message ?? doc.Message;
    const code = doc.code ?? doc.Code;
    if (typeof message !== "string") return undefined;
    return typeof code === "string" ? `${code}: ${message}` : message;
  } catch {
    return undefined;
  }
}
