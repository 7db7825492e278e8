import { createCredentials } from "./credentials.js";
import { CredentialsError, CredentialsNotFoundError } from "./errors.js";
import { BaseProvider } from "./provider-base.js";
import type { CredentialProvider, Credentials } from "./types.js";

/**
 * Where environment-reading providers look; `process.env` unless a test or host passes its own.
 *
 * @example
 * ```ts
 * const env: Environment = { AWS_PROFILE: "dev" };
 * ```
 */
export type Environment = Record<string, string | undefined>;

/**
 * Options of {@link envProvider}.
 *
 * @example
 * ```ts
 * envProvider({ env: { AWS_ACCESS_KEY_ID: "AKIA…", AWS_SECRET_ACCESS_KEY: "…" } });
 * ```
 */
export interface EnvProviderOptions {
  /** Variables to read. Default `process.env`, read at each call. */
  env?: Environment;
}

/** The value of a variable, or undefined when unset or blank. */
export function envValue(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

class EnvProvider extends BaseProvider {
  readonly source = "environment";
  readonly #env: Environment | undefined;

  constructor(options: EnvProviderOptions) {
    super();
    this.#env = options.env;
  }

  async getCredentials(): Promise<Credentials> {
    const env = this.#env ?? process.env;
    const accessKeyId = envValue(env, "AWS_ACCESS_KEY_ID");
    const secretAccessKey = envValue(env, "AWS_SECRET_ACCESS_KEY");
    if (accessKeyId === undefined && secretAccessKey === undefined)
      throw new CredentialsNotFoundError(
        this.source,
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
      );
    if (accessKeyId === undefined || secretAccessKey === undefined)
      throw new CredentialsError(
        this.source,
        `${accessKeyId === undefined ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY"} is not set but ${accessKeyId === undefined ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID"} is; set both or neither`,
      );
    const sessionToken = envValue(env, "AWS_SESSION_TOKEN") ?? envValue(env, "AWS_TOKEN");
    const expiration = envValue(env, "AWS_CREDENTIAL_EXPIRATION");
    return createCredentials(
      {
        accessKeyId,
        secretAccessKey,
        ...(sessionToken ? { sessionToken } : {}),
        ...(expiration ? { expiration } : {}),
      },
      this.source,
    );
  }
}

/**
 * Keys from the environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optionally
 * `AWS_SESSION_TOKEN` (or object_store's `AWS_TOKEN`) and `AWS_CREDENTIAL_EXPIRATION`. Read at
 * each call, so a rotated environment is seen. Neither key set is "not found"; one without the
 * other is an error.
 *
 * @example
 * ```ts
 * const creds = await envProvider().getCredentials();
 * ```
 */
export function envProvider(options: EnvProviderOptions = {}): CredentialProvider {
  return new EnvProvider(options);
}
