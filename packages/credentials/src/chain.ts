import type { S3Config } from "@objstore/config-keys";
import { abortable } from "./abort.js";
import { type CachedProviderOptions, cachedProvider } from "./cache.js";
import { containerProvider } from "./container.js";
import { type Environment, envProvider } from "./env.js";
import {
  type ChainAttempt,
  CredentialChainError,
  CredentialsError,
  CredentialsNotFoundError,
} from "./errors.js";
import { imdsProvider } from "./imds.js";
import { profileProvider } from "./profile.js";
import { BaseProvider } from "./provider-base.js";
import { staticProvider } from "./static.js";
import type { CredentialHttpClient } from "./transport.js";
import type { CredentialProvider, Credentials } from "./types.js";
import { webIdentityProvider } from "./web-identity.js";

/**
 * Options of {@link defaultProviderChain} beyond the S3 config.
 *
 * @example
 * ```ts
 * defaultProviderChain(config, { env: {}, cache: { refreshBeforeExpiryMs: 10 * 60_000 } });
 * ```
 */
export interface ProviderChainOptions {
  /** Variables the providers fall back on. Default `process.env`. */
  env?: Environment;
  /** Client for STS, container and metadata calls; default a fresh one per fetch. */
  httpClient?: CredentialHttpClient;
  /** Allow an `http://` STS endpoint (a local fake STS in tests). Default false. */
  allowHttpSts?: boolean;
  /** Caching of the chain's credentials (see {@link cachedProvider}). */
  cache?: CachedProviderOptions;
}

/** One link of a chain: its name in reports, and the provider. */
interface Link {
  source: string;
  provider: CredentialProvider;
}

class ConfigKeysProvider extends BaseProvider {
  readonly source = "config";
  readonly #config: S3Config;

  constructor(config: S3Config) {
    super();
    this.#config = config;
  }

  async getCredentials(): Promise<Credentials> {
    const { access_key_id, secret_access_key, session_token } = this.#config;
    if (access_key_id === undefined && secret_access_key === undefined)
      throw new CredentialsNotFoundError(
        this.source,
        "access_key_id and secret_access_key not set",
      );
    if (access_key_id === undefined || secret_access_key === undefined)
      throw new CredentialsError(
        this.source,
        `${access_key_id === undefined ? "access_key_id" : "secret_access_key"} is not set but ${access_key_id === undefined ? "secret_access_key" : "access_key_id"} is; set both`,
      );
    return staticProvider({
      accessKeyId: access_key_id,
      secretAccessKey: secret_access_key,
      ...(session_token ? { sessionToken: session_token } : {}),
    }).getCredentials();
  }
}

class ChainProvider extends BaseProvider {
  readonly source = "credential chain";
  readonly #links: Link[];
  #chosen: Link | undefined;

  constructor(links: Link[]) {
    super();
    this.#links = links;
  }

  async getCredentials(signal?: AbortSignal): Promise<Credentials> {
    // Once a source has answered, keep to it: switching identity mid-run would be surprising.
    if (this.#chosen) return this.#chosen.provider.getCredentials(signal);
    const attempts: ChainAttempt[] = [];
    for (const link of this.#links) {
      if (signal?.aborted) throw signal.reason;
      try {
        const creds = await abortable(link.provider.getCredentials(signal), signal);
        this.#chosen = link;
        return creds;
      } catch (err) {
        if (!(err instanceof CredentialsError)) throw err;
        attempts.push({ source: link.source, reason: reasonOf(err) });
        if (!(err instanceof CredentialsNotFoundError))
          throw new CredentialChainError(attempts, err);
      }
    }
    throw new CredentialChainError(attempts);
  }

  protected override describe() {
    return {
      sources: this.#links.map((l) => l.source).join(" -> "),
      chosen: this.#chosen?.source,
    };
  }
}

function reasonOf(err: CredentialsError): string {
  const prefix = `${err.source}: `;
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}

function flag(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : value === "true";
}

/**
 * The default credential chain, in this order; the first source that is set up wins and is kept:
 * 1. keys in the config (`access_key_id`, `secret_access_key`, `session_token`);
 * 2. the environment (`AWS_ACCESS_KEY_ID`, …);
 * 3. web identity (`web_identity_token_file` + `role_arn`, STS AssumeRoleWithWebIdentity);
 * 4. container credentials (ECS relative URI, or full URI as with EKS Pod Identity);
 * 5. shared profile files (`profile`, `shared_credentials_file`, `config_file`);
 * 6. EC2 instance metadata (IMDSv2; IMDSv1 only with `imdsv1_fallback`; off with
 *    `ec2_metadata_disabled`; `metadata_endpoint` overrides the address).
 *
 * Sources not set up are skipped; a source that is set up but fails stops the chain. Either way
 * the {@link CredentialChainError} lists every source tried and why. The result is cached
 * ({@link cachedProvider}). Nothing is contacted before the first `getCredentials`.
 *
 * @example
 * ```ts
 * const provider = defaultProviderChain(s3ConfigFromEnv());
 * const creds = await provider.getCredentials();
 * ```
 */
export function defaultProviderChain(
  config: S3Config = {},
  options: ProviderChainOptions = {},
): CredentialProvider {
  const env = options.env ?? process.env;
  const region = config.region ?? config.default_region;
  const http = options.httpClient ? { httpClient: options.httpClient } : {};
  const links: Link[] = [
    { source: "config", provider: new ConfigKeysProvider(config) },
    { source: "environment", provider: envProvider({ env }) },
    {
      source: "web identity",
      provider: webIdentityProvider({
        tokenFile: config.web_identity_token_file,
        roleArn: config.role_arn,
        roleSessionName: config.role_session_name,
        stsEndpoint: config.endpoint_url_sts,
        region,
        allowHttp: options.allowHttpSts,
        env,
        ...http,
      }),
    },
    {
      source: "container",
      provider: containerProvider({
        relativeUri: config.container_credentials_relative_uri,
        fullUri: config.container_credentials_full_uri,
        authorizationTokenFile: config.container_authorization_token_file,
        authorizationToken: config.container_authorization_token,
        env,
        ...http,
      }),
    },
    {
      source: "profile files",
      provider: profileProvider({
        profile: config.profile,
        credentialsFile: config.shared_credentials_file,
        configFile: config.config_file,
        stsEndpoint: config.endpoint_url_sts,
        region,
        allowHttp: options.allowHttpSts,
        env,
        ...http,
      }),
    },
    {
      source: "instance metadata",
      provider: imdsProvider({
        endpoint: config.metadata_endpoint,
        imdsv1Fallback: flag(config.imdsv1_fallback),
        disabled: flag(config.ec2_metadata_disabled),
        env,
        ...http,
      }),
    },
  ];
  return cachedProvider(new ChainProvider(links), options.cache);
}
