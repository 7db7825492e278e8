import { HttpClient, type HttpClientOptions, type HttpResponse } from "@objstore/http-client";

/**
 * The part of `HttpClient` the providers use. Pass one (for tests, proxies, or to share a pool);
 * otherwise each fetch makes its own short-lived client, since fetches are rare (about hourly)
 * and an idle pool kept for them would outlive its use.
 *
 * @example
 * ```ts
 * const shared = new HttpClient({ clientOptions: { proxy_url: "http://proxy:3128" } });
 * imdsProvider({ httpClient: shared });
 * ```
 */
export type CredentialHttpClient = Pick<HttpClient, "request">;

/** Runs `fn` with the injected client, or with a fresh one closed afterwards. */
export async function withHttpClient<T>(
  injected: CredentialHttpClient | undefined,
  options: HttpClientOptions,
  fn: (client: CredentialHttpClient) => Promise<T>,
): Promise<T> {
  if (injected) return fn(injected);
  const client = new HttpClient(options);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** Reads a response body as text, tolerating an empty body. */
export async function bodyText(res: HttpResponse): Promise<string> {
  return (await res.text()).trim();
}
