import { type CredentialsInput, createCredentials } from "./credentials.js";
import { BaseProvider } from "./provider-base.js";
import type { CredentialProvider, Credentials } from "./types.js";

class StaticProvider extends BaseProvider {
  readonly source = "static credentials";
  readonly #credentials: Credentials;

  constructor(input: CredentialsInput) {
    super();
    this.#credentials = createCredentials(input, this.source);
  }

  async getCredentials(): Promise<Credentials> {
    return this.#credentials;
  }

  protected override describe() {
    return { accessKeyId: this.#credentials.accessKeyId };
  }
}

/**
 * Fixed keys, with an optional session token. Checked at once: an empty key id or secret throws
 * a {@link CredentialsError}.
 *
 * @example
 * ```ts
 * const provider = staticProvider({ accessKeyId: "AKIA…", secretAccessKey: "…" });
 * ```
 */
export function staticProvider(credentials: CredentialsInput): CredentialProvider {
  return new StaticProvider(credentials);
}
