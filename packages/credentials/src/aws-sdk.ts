import { cachedProvider } from "./cache.js";
import { createCredentials } from "./credentials.js";
import { CredentialsError } from "./errors.js";
import { BaseProvider } from "./provider-base.js";
import type { CredentialProvider, Credentials } from "./types.js";

/**
 * What an AWS SDK for JavaScript v3 credential provider returns (`AwsCredentialIdentity`), typed
 * structurally so this package needs no AWS SDK dependency.
 *
 * @example
 * ```ts
 * const identity: AwsSdkCredentialIdentity = { accessKeyId: "AKIA…", secretAccessKey: "…" };
 * ```
 */
export interface AwsSdkCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/**
 * An AWS SDK v3 credential provider: `fromNodeProviderChain()`, `fromIni()`, `fromSSO()`,
 * `fromTemporaryCredentials(...)`, … — any function that resolves to an identity.
 *
 * @example
 * ```ts
 * const fn: AwsSdkCredentialProvider = fromNodeProviderChain();
 * ```
 */
export type AwsSdkCredentialProvider = () => Promise<AwsSdkCredentialIdentity>;

class AwsSdkProvider extends BaseProvider {
  readonly source = "AWS SDK provider";
  readonly #fn: AwsSdkCredentialProvider;

  constructor(fn: AwsSdkCredentialProvider) {
    super();
    this.#fn = fn;
  }

  async getCredentials(): Promise<Credentials> {
    let identity: AwsSdkCredentialIdentity;
    try {
      identity = await this.#fn();
    } catch (cause) {
      const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : "it threw";
      throw new CredentialsError(this.source, `the AWS SDK provider failed (${why})`, { cause });
    }
    if (typeof identity !== "object" || identity === null)
      throw new CredentialsError(this.source, "the AWS SDK provider returned no identity object");
    return createCredentials(identity, this.source);
  }
}

/**
 * Uses any AWS SDK v3 credential provider function, cached (see {@link cachedProvider}): the
 * TypeScript counterpart of obstore's boto3 session support. SSO, MFA prompts and other sources
 * this package leaves out are all reachable this way.
 *
 * @example
 * ```ts
 * import { fromSSO } from "@aws-sdk/credential-providers";
 * const provider = fromAwsSdkProvider(fromSSO({ profile: "dev" }));
 * ```
 */
export function fromAwsSdkProvider(fn: AwsSdkCredentialProvider): CredentialProvider {
  if (typeof fn !== "function")
    throw new TypeError(
      "fromAwsSdkProvider expects an AWS SDK v3 credential provider function, e.g. fromNodeProviderChain()",
    );
  return cachedProvider(new AwsSdkProvider(fn));
}
