/**
 * The keys a request is signed with. Structurally the same as `Credentials` of
 * `@objstore/credentials` (which this package does not depend on), so those, an AWS SDK
 * identity, or a plain object all fit.
 *
 * @example
 * ```ts
 * const credentials: SigningCredentials = { accessKeyId: "AKIA...", secretAccessKey: "..." };
 * ```
 */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Temporary credentials' token, sent with each request (never part of the signing key). */
  readonly sessionToken?: string | undefined;
}

/**
 * Where a signer gets its credentials before each signature. Any `CredentialProvider` of
 * `@objstore/credentials` fits (wrap slow sources in its `cachedProvider`), and so does any
 * object with this method.
 *
 * @example
 * ```ts
 * const fixed: SigningCredentialProvider = {
 *   getCredentials: async () => ({ accessKeyId: "AKIA...", secretAccessKey: "..." }),
 * };
 * ```
 */
export interface SigningCredentialProvider {
  /** Resolves the credentials to sign the next request with; honours `signal`. */
  getCredentials(signal?: AbortSignal): Promise<SigningCredentials>;
}
