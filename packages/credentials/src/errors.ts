/**
 * A credential source is configured but could not give credentials: STS refused the role, the
 * `credential_process` failed, a profile is malformed, a key pair is half set. `source` names
 * the provider (`"web identity"`, `"profile \"dev\""`, …). Messages never hold a secret.
 *
 * @example
 * ```ts
 * try {
 *   await provider.getCredentials();
 * } catch (err) {
 *   if (err instanceof CredentialsError) console.error(err.source, err.message);
 * }
 * ```
 */
export class CredentialsError extends Error {
  override name = "CredentialsError";
  /** The provider that failed. */
  readonly source: string;

  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super(`${source}: ${message}`, options);
    this.source = source;
  }
}

/**
 * The source is not set up here (no variables, no file, no metadata service): a provider chain
 * moves on to its next source, while any other {@link CredentialsError} stops it.
 *
 * @example
 * ```ts
 * await envProvider({ env: {} }).getCredentials(); // throws CredentialsNotFoundError
 * ```
 */
export class CredentialsNotFoundError extends CredentialsError {
  override name = "CredentialsNotFoundError";
}

/**
 * One source a chain tried, and why it gave nothing.
 *
 * @example
 * ```ts
 * const attempt: ChainAttempt = { source: "environment", reason: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set" };
 * ```
 */
export interface ChainAttempt {
  source: string;
  reason: string;
}

/**
 * No source of a provider chain gave credentials. `attempts` lists every source tried, in order,
 * with the reason each gave nothing; `cause` is the error that stopped the chain when a source
 * was configured but failed.
 *
 * @example
 * ```ts
 * try {
 *   await defaultProviderChain(config).getCredentials();
 * } catch (err) {
 *   if (err instanceof CredentialChainError) for (const a of err.attempts) console.error(a.source, a.reason);
 * }
 * ```
 */
export class CredentialChainError extends CredentialsError {
  override name = "CredentialChainError";
  readonly attempts: readonly ChainAttempt[];

  constructor(attempts: ChainAttempt[], failed?: CredentialsError) {
    const tried = attempts.map((a) => `\n  - ${a.source}: ${a.reason}`).join("");
    const summary = failed
      ? `${failed.source} is configured but failed`
      : "no AWS credentials found; set access_key_id and secret_access_key, or configure one of the sources below";
    super("credential chain", `${summary}. Tried:${tried}`, failed ? { cause: failed } : undefined);
    this.attempts = attempts;
  }
}
