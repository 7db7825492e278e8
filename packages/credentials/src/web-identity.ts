import { readFile } from "node:fs/promises";
import { type Environment, envValue } from "./env.js";
import { CredentialsError, CredentialsNotFoundError } from "./errors.js";
import { BaseProvider } from "./provider-base.js";
import { assumeRoleWithWebIdentity, defaultSessionName } from "./sts.js";
import type { CredentialHttpClient } from "./transport.js";
import type { CredentialProvider, Credentials } from "./types.js";

/**
 * Options of {@link webIdentityProvider}; each unset one falls back to its variable.
 *
 * @example
 * ```ts
 * webIdentityProvider({ tokenFile: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token", roleArn: "arn:aws:iam::123456789012:role/app" });
 * ```
 */
export interface WebIdentityProviderOptions {
  /** File holding the OIDC token (`AWS_WEB_IDENTITY_TOKEN_FILE`), re-read at every fetch. */
  tokenFile?: string | undefined;
  /** Role to assume (`AWS_ROLE_ARN`). */
  roleArn?: string | undefined;
  /** Session name (`AWS_ROLE_SESSION_NAME`); default `objstore-<epoch ms>`. */
  roleSessionName?: string | undefined;
  /** Requested session length in seconds; default STS's (one hour). */
  durationSeconds?: number | undefined;
  /** STS endpoint (`AWS_ENDPOINT_URL_STS`); default `https://sts.<region>.amazonaws.com`. */
  stsEndpoint?: string | undefined;
  /** Region of the STS endpoint (`AWS_REGION`, `AWS_DEFAULT_REGION`); default `us-east-1`. */
  region?: string | undefined;
  /** Client to reach STS with; default a fresh HTTPS-only client per fetch. */
  httpClient?: CredentialHttpClient | undefined;
  /** Allow an `http://` STS endpoint (a local fake STS in tests). Default false. */
  allowHttp?: boolean | undefined;
  /** Variables to fall back on. Default `process.env`. */
  env?: Environment | undefined;
}

class WebIdentityProvider extends BaseProvider {
  readonly source = "web identity";
  readonly #options: WebIdentityProviderOptions;

  constructor(options: WebIdentityProviderOptions) {
    super();
    this.#options = options;
  }

  #settings() {
    const o = this.#options;
    const env = o.env ?? process.env;
    return {
      tokenFile: o.tokenFile ?? envValue(env, "AWS_WEB_IDENTITY_TOKEN_FILE"),
      roleArn: o.roleArn ?? envValue(env, "AWS_ROLE_ARN"),
      roleSessionName: o.roleSessionName ?? envValue(env, "AWS_ROLE_SESSION_NAME"),
      stsEndpoint:
        o.stsEndpoint ?? envValue(env, "AWS_ENDPOINT_URL_STS") ?? envValue(env, "AWS_STS_ENDPOINT"),
      region: o.region ?? envValue(env, "AWS_REGION") ?? envValue(env, "AWS_DEFAULT_REGION"),
    };
  }

  async getCredentials(signal?: AbortSignal): Promise<Credentials> {
    const s = this.#settings();
    if (!s.tokenFile || !s.roleArn) {
      const missing = [
        s.tokenFile ? undefined : "web_identity_token_file (AWS_WEB_IDENTITY_TOKEN_FILE)",
        s.roleArn ? undefined : "role_arn (AWS_ROLE_ARN)",
      ].filter(Boolean);
      throw new CredentialsNotFoundError(this.source, `${missing.join(" and ")} not set`);
    }
    let token: string;
    try {
      // Re-read on every fetch: Kubernetes rotates projected service account tokens in place.
      token = (await readFile(s.tokenFile, "utf8")).trim();
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? "error";
      throw new CredentialsError(this.source, `cannot read token file ${s.tokenFile} (${code})`, {
        cause,
      });
    }
    if (token === "") throw new CredentialsError(this.source, `token file ${s.tokenFile} is empty`);
    return assumeRoleWithWebIdentity(
      {
        roleArn: s.roleArn,
        roleSessionName: s.roleSessionName ?? defaultSessionName(),
        durationSeconds: this.#options.durationSeconds,
      },
      token,
      {
        endpoint: s.stsEndpoint,
        region: s.region,
        httpClient: this.#options.httpClient,
        allowHttp: this.#options.allowHttp,
      },
      this.source,
      signal,
    );
  }

  protected override describe() {
    const s = this.#settings();
    return { tokenFile: s.tokenFile, roleArn: s.roleArn, stsEndpoint: s.stsEndpoint };
  }
}

/**
 * IAM roles for service accounts (EKS IRSA) and other OIDC federation: reads the token file and
 * exchanges it for role credentials with STS `AssumeRoleWithWebIdentity` (an unsigned call;
 * parameters travel in the POST body, never the URL). The token file is re-read at every fetch.
 * Not configured (no token file or role) is "not found".
 *
 * @example
 * ```ts
 * const provider = cachedProvider(webIdentityProvider({ region: "eu-west-1" }));
 * ```
 */
export function webIdentityProvider(options: WebIdentityProviderOptions = {}): CredentialProvider {
  return new WebIdentityProvider(options);
}
