import type { CredentialProvider } from "@objstore/credentials";
import type { HttpClient } from "@objstore/http-client";
import { EMPTY_SHA256, signSigV4 } from "@objstore/signer";
import { errorFromResponse, ObjectStoreError } from "./errors.js";
import { parseErrorBody } from "./responses.js";
import { parseXml, textOf } from "./xml.js";

/** Where and how to ask for S3 Express One Zone sessions. */
export interface ExpressSessionOptions {
  http: HttpClient;
  /** The directory bucket's URL with `?session`. */
  url: URL;
  region: string;
  bucket: string;
}

/**
 * Credentials for an S3 Express One Zone directory bucket: CreateSession, signed with the
 * caller's own credentials, hands out short-lived session credentials (5 minutes) that sign the
 * bucket's requests (service `s3express`, token in `x-amz-s3session-token`). Wrap it in a cache
 * that refreshes ahead of expiry; one session serves every request of the store.
 */
export function expressSessionProvider(
  base: CredentialProvider,
  o: ExpressSessionOptions,
): CredentialProvider {
  return {
    async getCredentials(signal) {
      const credentials = await base.getCredentials(signal);
      // CreateSession itself is signed for s3express with the ordinary token header.
      const signed = signSigV4(
        {
          method: "GET",
          url: o.url,
          headers: {
            "x-amz-create-session-mode": "ReadWrite",
            "x-amz-content-sha256": EMPTY_SHA256,
          },
        },
        { service: "s3express", region: o.region, credentials },
      );
      const res = await o.http.request({
        method: "GET",
        url: signed.url,
        headers: signed.headers,
        idempotent: true,
        ...(signal ? { signal } : {}),
      });
      const text = await res.text();
      if (res.status !== 200) {
        const body = parseErrorBody(text);
        throw errorFromResponse({
          operation: "createSession",
          path: o.bucket,
          status: res.status,
          ...(body.code ? { code: body.code } : {}),
          ...(body.message ? { message: body.message } : {}),
          ...(body.requestId ? { requestId: body.requestId } : {}),
        });
      }
      const result = parseXml(text, "createSession").CreateSessionResult;
      const session =
        result && typeof result === "object" && !Array.isArray(result)
          ? result.Credentials
          : undefined;
      const accessKeyId = textOf(session, "AccessKeyId");
      const secretAccessKey = textOf(session, "SecretAccessKey");
      const sessionToken = textOf(session, "SessionToken");
      const expiration = textOf(session, "Expiration");
      if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration) {
        throw new ObjectStoreError(
          `createSession for bucket "${o.bucket}" failed: the response holds no session credentials`,
          {
            operation: "createSession",
          },
        );
      }
      // Imported here rather than at the top: the published bundle hoists the imports of every
      // lazily loaded module to its own top, which would put the credential chain on the import
      // path of every store. By now the transport has loaded the package, so this costs nothing.
      const { createCredentials } = await import("@objstore/credentials");
      return createCredentials(
        { accessKeyId, secretAccessKey, sessionToken, expiration: new Date(expiration) },
        "s3express-session",
      );
    },
  };
}
