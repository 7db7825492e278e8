import { parseBoolean } from "@objstore/config-keys";
import type { HttpResponse } from "@objstore/http-client";
import { parseCredentialJson } from "./credential-json.js";
import { type Environment, envValue } from "./env.js";
import { CredentialsError, CredentialsNotFoundError } from "./errors.js";
import { BaseProvider } from "./provider-base.js";
import { bodyText, type CredentialHttpClient, withHttpClient } from "./transport.js";
import type { CredentialProvider, Credentials } from "./types.js";

/**
 * Options of {@link imdsProvider}; each unset one falls back to its variable.
 *
 * @example
 * ```ts
 * imdsProvider({ endpoint: "http://169.254.169.254", imdsv1Fallback: false });
 * ```
 */
export interface ImdsProviderOptions {
  /** Metadata service origin (`AWS_EC2_METADATA_SERVICE_ENDPOINT`). Default `http://169.254.169.254` (`http://[fd00:ec2::254]` when `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`). */
  endpoint?: string | undefined;
  /** Fall back to IMDSv1 (no token) when the token request is refused (`AWS_IMDSV1_FALLBACK`). Default false. */
  imdsv1Fallback?: boolean | undefined;
  /** Never call the service (`AWS_EC2_METADATA_DISABLED`). Default false. */
  disabled?: boolean | undefined;
  /** Lifetime asked for the session token, in seconds; it is used at once, not kept. Default 300. */
  tokenTtlSeconds?: number | undefined;
  /** Client to send with; default a fresh client per fetch (1 s connect timeout, 2 retries). */
  httpClient?: CredentialHttpClient | undefined;
  /** Variables to fall back on. Default `process.env`. */
  env?: Environment | undefined;
}

const TOKEN_PATH = "/latest/api/token";
const ROLE_PATH = "/latest/meta-data/iam/security-credentials/";
const TOKEN_HEADER = "x-aws-ec2-metadata-token";
const TTL_HEADER = "x-aws-ec2-metadata-token-ttl-seconds";

function flag(value: boolean | undefined, env: Environment, name: string): boolean {
  if (value !== undefined) return value;
  const raw = envValue(env, name);
  return raw === undefined ? false : parseBoolean(raw, name);
}

interface ImdsSettings {
  endpoint: string;
  fallback: boolean;
  disabled: boolean;
}

class ImdsProvider extends BaseProvider {
  readonly source = "instance metadata";
  readonly #options: ImdsProviderOptions;

  constructor(options: ImdsProviderOptions) {
    super();
    this.#options = options;
  }

  #settings(): ImdsSettings {
    const o = this.#options;
    const env = o.env ?? process.env;
    const ipv6 = envValue(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")?.toLowerCase() === "ipv6";
    return {
      endpoint:
        o.endpoint ??
        envValue(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT") ??
        (ipv6 ? "http://[fd00:ec2::254]" : "http://169.254.169.254"),
      fallback: flag(o.imdsv1Fallback, env, "AWS_IMDSV1_FALLBACK"),
      disabled: flag(o.disabled, env, "AWS_EC2_METADATA_DISABLED"),
    };
  }

  async getCredentials(signal?: AbortSignal): Promise<Credentials> {
    const s = this.#settings();
    if (s.disabled)
      throw new CredentialsNotFoundError(
        this.source,
        "disabled by ec2_metadata_disabled (AWS_EC2_METADATA_DISABLED)",
      );
    const base = new URL(s.endpoint);
    return withHttpClient(
      this.#options.httpClient,
      {
        clientOptions: { allow_http: true, connect_timeout: 1_000, timeout: 5_000 },
        retryConfig: { max_retries: 2, retry_timeout: 5_000 },
      },
      async (client) => {
        const send = async (method: string, path: string, headers: Record<string, string>) => {
          try {
            return await client.request({
              method,
              url: new URL(path, base),
              headers,
              idempotent: true,
              ...(signal ? { signal } : {}),
            });
          } catch (cause) {
            if (signal?.aborted) throw cause;
            // Nothing answering is the normal case off EC2: "not found", so a chain moves on.
            throw new CredentialsNotFoundError(
              this.source,
              `no metadata service answered at ${base.origin} (${(cause as Error).message})`,
              { cause },
            );
          }
        };
        const failed = (what: string, res: HttpResponse) =>
          new CredentialsError(this.source, `${what} at ${base.origin} answered ${res.status}`);

        const tokenRes = await send("PUT", TOKEN_PATH, {
          [TTL_HEADER]: String(this.#options.tokenTtlSeconds ?? 300),
        });
        let token: string | undefined;
        if (tokenRes.status === 200) token = await bodyText(tokenRes);
        else {
          await tokenRes.body.cancel();
          // 403: IMDSv2 disabled or the hop limit is too low; 404/405: a v1-only service.
          const refused = [403, 404, 405].includes(tokenRes.status);
          if (!refused || !s.fallback)
            throw new CredentialsError(
              this.source,
              `the IMDSv2 session token request (PUT ${TOKEN_PATH}) at ${base.origin} answered ${tokenRes.status}${refused ? "; set imdsv1_fallback to allow IMDSv1" : ""}`,
            );
        }
        const auth: Record<string, string> = token ? { [TOKEN_HEADER]: token } : {};

        const roleRes = await send("GET", ROLE_PATH, auth);
        if (roleRes.status === 404) {
          await roleRes.body.cancel();
          throw new CredentialsNotFoundError(this.source, "the instance has no IAM role attached");
        }
        if (roleRes.status !== 200) {
          await roleRes.body.cancel();
          throw failed(`GET ${ROLE_PATH}`, roleRes);
        }
        const role = (await bodyText(roleRes)).split("\n")[0]?.trim();
        if (!role)
          throw new CredentialsNotFoundError(this.source, "the instance has no IAM role attached");

        const credsRes = await send("GET", `${ROLE_PATH}${encodeURIComponent(role)}`, auth);
        if (credsRes.status !== 200) {
          await credsRes.body.cancel();
          throw failed(`GET ${ROLE_PATH}${role}`, credsRes);
        }
        const text = await bodyText(credsRes);
        const code = /"Code"\s*:\s*"([^"]*)"/.exec(text)?.[1];
        if (code !== undefined && code !== "Success")
          throw new CredentialsError(
            this.source,
            `role "${role}" credentials are not available (Code "${code}")`,
          );
        return parseCredentialJson(text, this.source, `the credentials of role "${role}"`);
      },
    );
  }

  protected override describe() {
    const s = this.#settings();
    return { endpoint: s.endpoint, imdsv1Fallback: s.fallback, disabled: s.disabled };
  }
}

/**
 * EC2 instance metadata (IMDSv2): `PUT /latest/api/token` with a TTL header, then the role name
 * from `/latest/meta-data/iam/security-credentials/`, then that role's credentials, each with the
 * session token. IMDSv1 (no token) is used only when `imdsv1Fallback` is set and the token
 * request is refused. No service answering (off EC2) is "not found"; each fetch has a 1 s connect
 * timeout and 2 retries, so a chain ending here fails within seconds.
 *
 * @example
 * ```ts
 * const provider = cachedProvider(imdsProvider({ imdsv1Fallback: true }));
 * ```
 */
export function imdsProvider(options: ImdsProviderOptions = {}): CredentialProvider {
  return new ImdsProvider(options);
}
