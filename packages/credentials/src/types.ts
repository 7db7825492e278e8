/**
 * A set of AWS credentials. `expiration` is set by temporary credentials (STS, containers,
 * instance metadata); long-lived keys have none.
 *
 * Objects made by this package print with the secret and token redacted; plain objects you build
 * yourself are printed as they are, so build them with {@link createCredentials} before they can
 * reach a log.
 *
 * @example
 * ```ts
 * const creds: Credentials = { accessKeyId: "AKIA...", secretAccessKey: "..." };
 * ```
 */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/**
 * The extension point for anything that can produce credentials: every built-in source
 * implements it, and so can yours (a secrets service, a vault, a test double). The signer calls
 * `getCredentials` before each request; wrap slow sources in {@link cachedProvider}.
 *
 * @example
 * ```ts
 * const fromVault: CredentialProvider = {
 *   async getCredentials(signal) {
 *     const res = await fetch("https://vault.internal/s3", { signal });
 *     const { id, secret, token, expires } = await res.json();
 *     return { accessKeyId: id, secretAccessKey: secret, sessionToken: token, expiration: new Date(expires) };
 *   },
 * };
 * ```
 */
export interface CredentialProvider {
  /** Resolves the credentials to sign the next request with; honours `signal`. */
  getCredentials(signal?: AbortSignal): Promise<Credentials>;
}
