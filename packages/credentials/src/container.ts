import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { jsonErrorMessage, parseCredentialJson } from "./credential-json.js";
import { type Environment, envValue } from "./env.js";
import { CredentialsError, CredentialsNotFoundError } from "./errors.js";
import { BaseProvider } from "./provider-base.js";
import { bodyText, type CredentialHttpClient, withHttpClient } from "./transport.js";
import type { CredentialProvider, Credentials } from "./types.js";

/**
 * Options of {@link containerProvider}; each unset one falls back to its variable.
 *
 * @example
 * ```ts
 * containerProvider({ fullUri: "http://169.254.170.23/v1/credentials", authorizationTokenFile: "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token" });
 * ```
 */
export interface ContainerProviderOptions {
  /** ECS task role path (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`), fetched from `ecsEndpoint`. */
  relativeUri?: string | undefined;
  /** Full URL (`AWS_CONTAINER_CREDENTIALS_FULL_URI`): EKS Pod Identity, ECS Anywhere, Greengrass. */
  fullUri?: string | undefined;
  /** File holding the `Authorization` value (`AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`), re-read at every fetch. */
  authorizationTokenFile?: string | undefined;
  /** The `Authorization` value itself (`AWS_CONTAINER_AUTHORIZATION_TOKEN`); the file wins. */
  authorizationToken?: string | undefined;
  /** Origin the relative URI is resolved against. Default `http://169.254.170.2`. */
  ecsEndpoint?: string | undefined;
  /** Client to send with; default a fresh client per fetch (1 s connect timeout). */
  httpClient?: CredentialHttpClient | undefined;
  /** Variables to fall back on. Default `process.env`. */
  env?: Environment | undefined;
}

const ECS_ENDPOINT = "http://169.254.170.2";
// The container agents' link-local addresses: ECS, EKS Pod Identity (IPv4 and IPv6).
const CONTAINER_HOSTS = new Set(["169.254.170.2", "169.254.170.23", "[fd00:ec2::23]"]);

function isLoopback(hostname: string): boolean {
  if (hostname === "localhost" || hostname === "[::1]") return true;
  return isIP(hostname) === 4 && hostname.startsWith("127.");
}

interface ContainerSettings {
  relativeUri: string | undefined;
  fullUri: string | undefined;
  tokenFile: string | undefined;
  token: string | undefined;
}

class ContainerProvider extends BaseProvider {
  readonly source = "container";
  readonly #options: ContainerProviderOptions;

  constructor(options: ContainerProviderOptions) {
    super();
    this.#options = options;
  }

  #settings(): ContainerSettings {
    const o = this.#options;
    const env = o.env ?? process.env;
    return {
      relativeUri: o.relativeUri ?? envValue(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
      fullUri: o.fullUri ?? envValue(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI"),
      tokenFile:
        o.authorizationTokenFile ?? envValue(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"),
      token: o.authorizationToken ?? envValue(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN"),
    };
  }

  /** The URL to fetch; a full URI over plain HTTP must point at the container agent or loopback. */
  #target(s: ContainerSettings): URL {
    if (s.relativeUri) {
      const path = s.relativeUri.startsWith("/") ? s.relativeUri : `/${s.relativeUri}`;
      return new URL(path, this.#options.ecsEndpoint ?? ECS_ENDPOINT);
    }
    let url: URL;
    try {
      url = new URL(s.fullUri as string);
    } catch (cause) {
      throw new CredentialsError(this.source, "container_credentials_full_uri is not a URL", {
        cause,
      });
    }
    const allowed =
      url.protocol === "https:" ||
      (url.protocol === "http:" && (isLoopback(url.hostname) || CONTAINER_HOSTS.has(url.hostname)));
    if (!allowed)
      throw new CredentialsError(
        this.source,
        `container_credentials_full_uri host "${url.hostname}" is not allowed over ${url.protocol}: use https, a loopback address, or the ECS/EKS agent (169.254.170.2, 169.254.170.23, fd00:ec2::23)`,
      );
    return url;
  }

  async #authorization(s: ContainerSettings): Promise<string | undefined> {
    let token = s.token;
    if (s.tokenFile) {
      try {
        // Re-read on every fetch: EKS Pod Identity rotates the token in place.
        token = (await readFile(s.tokenFile, "utf8")).trim();
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code ?? "error";
        throw new CredentialsError(
          this.source,
          `cannot read authorization token file ${s.tokenFile} (${code})`,
          { cause },
        );
      }
    }
    if (token !== undefined && /[\r\n]/.test(token))
      throw new CredentialsError(this.source, "the authorization token holds a line break");
    return token || undefined;
  }

  async getCredentials(signal?: AbortSignal): Promise<Credentials> {
    const s = this.#settings();
    if (!s.relativeUri && !s.fullUri)
      throw new CredentialsNotFoundError(
        this.source,
        "container_credentials_relative_uri and container_credentials_full_uri (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, AWS_CONTAINER_CREDENTIALS_FULL_URI) not set",
      );
    const url = this.#target(s);
    const authorization = await this.#authorization(s);
    return withHttpClient(
      this.#options.httpClient,
      {
        clientOptions: { allow_http: true, connect_timeout: 1_000, timeout: 5_000 },
        retryConfig: { max_retries: 3, retry_timeout: 10_000 },
      },
      async (client) => {
        let status: number;
        let text: string;
        try {
          const res = await client.request({
            method: "GET",
            url,
            headers: {
              accept: "application/json",
              ...(authorization ? { authorization } : {}),
            },
            ...(signal ? { signal } : {}),
          });
          status = res.status;
          text = await bodyText(res);
        } catch (cause) {
          throw new CredentialsError(
            this.source,
            `cannot reach the container credentials endpoint: ${String(cause)}`,
            { cause },
          );
        }
        if (status !== 200) {
          const message = jsonErrorMessage(text);
          throw new CredentialsError(
            this.source,
            `GET ${url.origin}${url.pathname} answered ${status}${message ? ` (${message})` : ""}`,
          );
        }
        return parseCredentialJson(text, this.source, "the container credentials response");
      },
    );
  }

  protected override describe() {
    const s = this.#settings();
    return {
      relativeUri: s.relativeUri,
      fullUri: s.fullUri,
      authorizationTokenFile: s.tokenFile,
      authorizationToken: s.token === undefined ? undefined : "***",
    };
  }
}

/**
 * Container credentials: the ECS task role (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, fetched
 * from 169.254.170.2) or a full URI (`AWS_CONTAINER_CREDENTIALS_FULL_URI`: EKS Pod Identity,
 * ECS Anywhere) with an `Authorization` token from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`
 * (re-read at every fetch) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`. Over plain HTTP a full URI
 * must point at loopback or the ECS/EKS agent addresses, as in the AWS SDKs, so a mis-set
 * variable cannot send the token elsewhere.
 *
 * @example
 * ```ts
 * const provider = cachedProvider(containerProvider());
 * ```
 */
export function containerProvider(options: ContainerProviderOptions = {}): CredentialProvider {
  return new ContainerProvider(options);
}
