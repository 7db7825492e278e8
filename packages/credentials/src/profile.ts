import { readFile } from "node:fs/promises";
import { containerProvider } from "./container.js";
import { runCredentialProcess } from "./credential-process.js";
import { createCredentials } from "./credentials.js";
import { type Environment, envProvider, envValue } from "./env.js";
import { CredentialsError, CredentialsNotFoundError } from "./errors.js";
import { imdsProvider } from "./imds.js";
import { loadSharedProfiles, type SharedProfiles, sharedFilePaths } from "./profile-files.js";
import { BaseProvider } from "./provider-base.js";
import {
  assumeRole,
  assumeRoleWithWebIdentity,
  defaultSessionName,
  type StsOptions,
} from "./sts.js";
import type { CredentialHttpClient } from "./transport.js";
import type { CredentialProvider, Credentials } from "./types.js";

/**
 * Options of {@link profileProvider}; each unset one falls back to its variable.
 *
 * @example
 * ```ts
 * profileProvider({ profile: "dev", configFile: "/etc/aws/config" });
 * ```
 */
export interface ProfileProviderOptions {
  /** Profile name (`AWS_PROFILE`). Default `"default"`. */
  profile?: string | undefined;
  /** Credentials file (`AWS_SHARED_CREDENTIALS_FILE`). Default `~/.aws/credentials`. */
  credentialsFile?: string | undefined;
  /** Config file (`AWS_CONFIG_FILE`). Default `~/.aws/config`. */
  configFile?: string | undefined;
  /** STS endpoint for role profiles (`AWS_ENDPOINT_URL_STS`). Default regional. */
  stsEndpoint?: string | undefined;
  /** Region for STS when the profile sets none (`AWS_REGION`, `AWS_DEFAULT_REGION`). */
  region?: string | undefined;
  /** Client for STS and metadata calls; default a fresh one per fetch. */
  httpClient?: CredentialHttpClient | undefined;
  /** Allow an `http://` STS endpoint (a local fake STS in tests). Default false. */
  allowHttp?: boolean | undefined;
  /** Variables to fall back on. Default `process.env`. */
  env?: Environment | undefined;
}

const MAX_ROLE_CHAIN = 5;

interface Resolution {
  files: SharedProfiles;
  env: Environment;
  signal: AbortSignal | undefined;
}

class ProfileProvider extends BaseProvider {
  readonly source: string;
  readonly #options: ProfileProviderOptions;
  readonly #explicit: boolean;
  readonly #profile: string;

  constructor(options: ProfileProviderOptions) {
    super();
    this.#options = options;
    const env = options.env ?? process.env;
    const named = options.profile ?? envValue(env, "AWS_PROFILE");
    this.#explicit = named !== undefined;
    this.#profile = named ?? "default";
    this.source = `profile "${this.#profile}"`;
  }

  async getCredentials(signal?: AbortSignal): Promise<Credentials> {
    const env = this.#options.env ?? process.env;
    const paths = sharedFilePaths(env, this.#options);
    // Read afresh at each fetch: `aws configure` or an SSO helper may have rewritten them.
    const files = await loadSharedProfiles(paths, this.source);
    if (!files.profiles.has(this.#profile)) {
      const file = (path: string, found: boolean) => `${path}${found ? "" : " (missing)"}`;
      const reason = `no profile "${this.#profile}" in ${file(paths.credentialsFile, files.found.credentials)} or ${file(paths.configFile, files.found.config)}`;
      if (this.#explicit) throw new CredentialsError(this.source, reason);
      throw new CredentialsNotFoundError(this.source, reason);
    }
    return this.#resolve(this.#profile, [], { files, env, signal });
  }

  async #resolve(name: string, seen: string[], r: Resolution): Promise<Credentials> {
    const source = `profile "${name}"`;
    const p = r.files.profiles.get(name);
    if (p === undefined)
      throw new CredentialsError(
        this.source,
        `profile "${seen.at(-1)}" names source_profile "${name}", which does not exist`,
      );
    if (seen.includes(name) || seen.length > MAX_ROLE_CHAIN)
      throw new CredentialsError(
        this.source,
        `source_profile chain loops or is too long: ${[...seen, name].join(" -> ")}`,
      );
    const roleArn = p.get("role_arn");
    const sourceProfile = p.get("source_profile");
    const credentialSource = p.get("credential_source");
    const accessKeyId = p.get("aws_access_key_id");
    const secretAccessKey = p.get("aws_secret_access_key");

    if (roleArn && (sourceProfile || credentialSource)) {
      if (p.get("mfa_serial"))
        throw new CredentialsError(
          source,
          "mfa_serial profiles need an interactive MFA code, which is not supported; use fromAwsSdkProvider(fromIni({ mfaCodeProvider }))",
        );
      const base =
        sourceProfile === name
          ? this.#staticKeys(p, source)
          : sourceProfile
            ? await this.#resolve(sourceProfile, [...seen, name], r)
            : await this.#credentialSource(credentialSource as string, source, r);
      return assumeRole(
        {
          roleArn,
          roleSessionName: p.get("role_session_name") ?? defaultSessionName(),
          durationSeconds: this.#duration(p, source),
          externalId: p.get("external_id"),
        },
        base,
        this.#sts(p, r.env),
        source,
        r.signal,
      );
    }
    if (accessKeyId !== undefined || secretAccessKey !== undefined)
      return this.#staticKeys(p, source);
    const tokenFile = p.get("web_identity_token_file");
    if (roleArn && tokenFile) {
      let token: string;
      try {
        token = (await readFile(tokenFile, "utf8")).trim();
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code ?? "error";
        throw new CredentialsError(
          source,
          `cannot read web_identity_token_file ${tokenFile} (${code})`,
          { cause },
        );
      }
      return assumeRoleWithWebIdentity(
        {
          roleArn,
          roleSessionName: p.get("role_session_name") ?? defaultSessionName(),
          durationSeconds: this.#duration(p, source),
        },
        token,
        this.#sts(p, r.env),
        source,
        r.signal,
      );
    }
    const command = p.get("credential_process");
    if (command) return runCredentialProcess(command, source, r.signal);
    if (p.get("sso_session") || p.get("sso_start_url"))
      throw new CredentialsError(
        source,
        "SSO profiles are not supported here; use fromAwsSdkProvider(fromSSO({ profile })) from @aws-sdk/credential-providers",
      );
    if (roleArn)
      throw new CredentialsError(
        source,
        "role_arn needs source_profile, credential_source or web_identity_token_file",
      );
    const reason = "has no credentials (no keys, role, or credential_process)";
    if (seen.length > 0 || this.#explicit) throw new CredentialsError(source, reason);
    throw new CredentialsNotFoundError(source, reason);
  }

  #staticKeys(p: Map<string, string>, source: string): Credentials {
    const accessKeyId = p.get("aws_access_key_id");
    const secretAccessKey = p.get("aws_secret_access_key");
    if (!accessKeyId || !secretAccessKey)
      throw new CredentialsError(
        source,
        `${accessKeyId ? "aws_secret_access_key" : "aws_access_key_id"} is missing; set both keys`,
      );
    const sessionToken = p.get("aws_session_token");
    return createCredentials(
      { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
      source,
    );
  }

  #duration(p: Map<string, string>, source: string): number | undefined {
    const raw = p.get("duration_seconds");
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 900 || n > 43_200)
      throw new CredentialsError(source, `duration_seconds "${raw}" must be 900 to 43200`);
    return n;
  }

  #sts(p: Map<string, string>, env: Environment): StsOptions {
    const o = this.#options;
    return {
      endpoint: o.stsEndpoint ?? envValue(env, "AWS_ENDPOINT_URL_STS"),
      region:
        p.get("region") ??
        o.region ??
        envValue(env, "AWS_REGION") ??
        envValue(env, "AWS_DEFAULT_REGION"),
      httpClient: o.httpClient,
      allowHttp: o.allowHttp,
    };
  }

  #credentialSource(kind: string, source: string, r: Resolution): Promise<Credentials> {
    const common = { env: r.env, httpClient: this.#options.httpClient };
    const providers: Record<string, () => CredentialProvider> = {
      Environment: () => envProvider({ env: r.env }),
      Ec2InstanceMetadata: () => imdsProvider(common),
      EcsContainer: () => containerProvider(common),
    };
    const make = providers[kind];
    if (!make)
      throw new CredentialsError(
        source,
        `credential_source "${kind}" is not one of Environment, Ec2InstanceMetadata, EcsContainer`,
      );
    return make().getCredentials(r.signal);
  }

  protected override describe() {
    const paths = sharedFilePaths(this.#options.env ?? process.env, this.#options);
    return { profile: this.#profile, ...paths };
  }
}

/**
 * Shared profile files, `~/.aws/credentials` and `~/.aws/config` (or `AWS_SHARED_CREDENTIALS_FILE`
 * and `AWS_CONFIG_FILE`), profile `AWS_PROFILE` or `default`. Supports static keys,
 * `credential_process`, `role_arn` with `source_profile` (chained, STS `AssumeRole`) or
 * `credential_source` (Environment, Ec2InstanceMetadata, EcsContainer), and `role_arn` with
 * `web_identity_token_file`. SSO and MFA profiles are refused with a pointer to
 * {@link fromAwsSdkProvider}. The files are re-read at every fetch. No files, or a default
 * profile without credentials, is "not found"; a named profile that is missing is an error.
 *
 * @example
 * ```ts
 * const provider = cachedProvider(profileProvider({ profile: "analytics" }));
 * ```
 */
export function profileProvider(options: ProfileProviderOptions = {}): CredentialProvider {
  return new ProfileProvider(options);
}
