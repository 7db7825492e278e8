import { type SignedRequest, signSigV4 } from "@objstore/signer";
import { createCredentials } from "./credentials.js";
import { CredentialsError } from "./errors.js";
import { bodyText, type CredentialHttpClient, withHttpClient } from "./transport.js";
import type { Credentials } from "./types.js";

/** How to reach STS. */
export interface StsOptions {
  /** STS endpoint; default the regional `https://sts.<region>.amazonaws.com`. */
  endpoint?: string | undefined;
  /** Region of the regional endpoint and of the signature; default `us-east-1`. */
  region?: string | undefined;
  /** Client to send with; default a fresh HTTPS-only client per call. */
  httpClient?: CredentialHttpClient | undefined;
  /** Allow an `http://` endpoint (a local fake STS in tests). Default false. */
  allowHttp?: boolean | undefined;
}

/** A role to assume. */
export interface RoleRequest {
  roleArn: string;
  roleSessionName: string;
  durationSeconds?: number | undefined;
}

const STS_VERSION = "2011-06-15";
const FORM = "application/x-www-form-urlencoded; charset=utf-8";

/** The STS endpoint to call: the configured one, or the regional default. */
export function stsEndpoint(options: StsOptions): URL {
  if (options.endpoint) return new URL(options.endpoint);
  const region = options.region ?? "us-east-1";
  // China and other partitions use other DNS suffixes.
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return new URL(`https://sts.${region}.${suffix}/`);
}

/** A default session name, as the AWS SDKs make one. */
export function defaultSessionName(): string {
  return `objstore-${Date.now()}`;
}

function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  if (!m) return undefined;
  return (m[1] as string)
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&")
    .trim();
}

/** Reads the `Credentials` element of an AssumeRole* response. */
export function parseStsCredentials(xml: string, source: string): Credentials {
  const block = /<Credentials>([\s\S]*?)<\/Credentials>/.exec(xml)?.[1];
  const accessKeyId = block && xmlText(block, "AccessKeyId");
  const secretAccessKey = block && xmlText(block, "SecretAccessKey");
  if (!block || !accessKeyId || !secretAccessKey)
    throw new CredentialsError(source, "the STS response holds no Credentials element");
  const sessionToken = xmlText(block, "SessionToken");
  const expiration = xmlText(block, "Expiration");
  return createCredentials(
    {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      ...(expiration ? { expiration } : {}),
    },
    source,
  );
}

/** The STS POST signed with SigV4 (AssumeRole is signed with the source credentials). */
function signStsRequest(
  url: URL,
  body: string,
  headers: Record<string, string>,
  credentials: Credentials,
  options: StsOptions,
  source: string,
): SignedRequest {
  try {
    return signSigV4(
      { method: "POST", url, headers, body },
      { service: "sts", region: options.region ?? "us-east-1", credentials },
    );
  } catch (cause) {
    throw new CredentialsError(source, `cannot sign the STS request: ${(cause as Error).message}`, {
      cause,
    });
  }
}

async function callSts(
  action: string,
  params: Record<string, string>,
  options: StsOptions,
  source: string,
  signWith: Credentials | undefined,
  signal: AbortSignal | undefined,
): Promise<Credentials> {
  const endpoint = stsEndpoint(options);
  // Parameters go in the POST body, never the URL: the web identity token is a bearer secret
  // and URLs end up in error messages and proxy logs.
  const body = new URLSearchParams({ Action: action, Version: STS_VERSION, ...params }).toString();
  const baseHeaders = { "content-type": FORM };
  const { url, headers } = signWith
    ? signStsRequest(endpoint, body, baseHeaders, signWith, options, source)
    : { url: endpoint, headers: baseHeaders };
  return withHttpClient(
    options.httpClient,
    {
      clientOptions: { allow_http: options.allowHttp ?? false },
      retryConfig: { max_retries: 3, retry_timeout: 30_000 },
    },
    async (client) => {
      let text: string;
      let status: number;
      try {
        const res = await client.request({
          method: "POST",
          url,
          headers,
          body,
          // AssumeRole* calls have no side effect to repeat, so transport failures may retry.
          idempotent: true,
          ...(signal ? { signal } : {}),
        });
        status = res.status;
        text = await bodyText(res);
      } catch (cause) {
        throw new CredentialsError(source, `STS ${action} could not be sent: ${String(cause)}`, {
          cause,
        });
      }
      if (status < 200 || status > 299) {
        const code = xmlText(text, "Code") ?? "no error code";
        const message = xmlText(text, "Message");
        throw new CredentialsError(
          source,
          `STS ${action} for role "${params.RoleArn}" at ${url.origin} failed: ${status} ${code}${message ? ` (${message})` : ""}`,
        );
      }
      return parseStsCredentials(text, source);
    },
  );
}

/** `AssumeRoleWithWebIdentity`: unsigned, authenticated by the token itself. */
export function assumeRoleWithWebIdentity(
  role: RoleRequest,
  webIdentityToken: string,
  options: StsOptions,
  source: string,
  signal?: AbortSignal,
): Promise<Credentials> {
  return callSts(
    "AssumeRoleWithWebIdentity",
    {
      RoleArn: role.roleArn,
      RoleSessionName: role.roleSessionName,
      WebIdentityToken: webIdentityToken,
      ...(role.durationSeconds ? { DurationSeconds: String(role.durationSeconds) } : {}),
    },
    options,
    source,
    undefined,
    signal,
  );
}

/** `AssumeRole`, signed with the source credentials. */
export function assumeRole(
  role: RoleRequest & { externalId?: string | undefined },
  sourceCredentials: Credentials,
  options: StsOptions,
  source: string,
  signal?: AbortSignal,
): Promise<Credentials> {
  return callSts(
    "AssumeRole",
    {
      RoleArn: role.roleArn,
      RoleSessionName: role.roleSessionName,
      ...(role.durationSeconds ? { DurationSeconds: String(role.durationSeconds) } : {}),
      ...(role.externalId ? { ExternalId: role.externalId } : {}),
    },
    options,
    source,
    sourceCredentials,
    signal,
  );
}
