import { createHash } from "node:crypto";
import type { CredentialProvider } from "@objstore/credentials";
import { HttpClient, type HttpResponse } from "@objstore/http-client";
import { EMPTY_SHA256, S3Signer, UNSIGNED_PAYLOAD } from "@objstore/signer";
import type { S3StoreOptions, StoreSettings } from "./builder.js";
import { deferredProvider } from "./deferred-provider.js";
import { errorFromResponse, type FailedResponse, ObjectStoreError } from "./errors.js";
import { knownSha256 } from "./payload-hash.js";
import type { S3Request } from "./requests.js";
import { parseErrorBody } from "./responses.js";
import { MAX_XML_BYTES } from "./xml-syntax.js";

/** How one S3 call is sent and how its failure reads. */
export interface SendOptions {
  operation: string;
  path?: string;
  signal?: AbortSignal | undefined;
  idempotent?: boolean;
  retryOnErrorBody?: boolean;
  retryOnConflict?: boolean;
  /** Statuses below 300 and these are handed back instead of thrown. */
  accept?: number[];
  /** Maps a failure to a more specific error (create-mode puts, etc.). */
  mapError?: (failed: FailedResponse) => ObjectStoreError | undefined;
  detail?: string;
}

// Error bodies are short; cap what we read of one so a misbehaving server cannot flood memory.
const MAX_ERROR_BODY = 64 * 1024;

/** Signs and sends S3 requests for one store, turning failures into typed errors. */
export class S3Transport {
  readonly http: HttpClient;
  readonly signer: S3Signer | undefined;

  constructor(
    private readonly settings: StoreSettings,
    credentials: CredentialProvider | undefined,
    retry: Pick<S3StoreOptions, "retryConfig" | "onRetry">,
  ) {
    this.http = new HttpClient({
      clientOptions: settings.client as unknown as Record<string, unknown>,
      ...(retry.retryConfig ? { retryConfig: retry.retryConfig } : {}),
      ...(retry.onRetry ? { onRetry: retry.onRetry } : {}),
    });
    // Directory buckets sign with session credentials from CreateSession, renewed a minute
    // before their five minutes run out.
    const signing =
      credentials && settings.s3Express
        ? deferredProvider(async () => {
            const [{ cachedProvider }, { expressSessionProvider }] = await Promise.all([
              import("@objstore/credentials"),
              import("./express-session.js"),
            ]);
            return cachedProvider(
              expressSessionProvider(credentials, {
                http: this.http,
                url: settings.addressing.url(undefined, { session: "" }),
                region: settings.region,
                bucket: settings.bucket,
              }),
              { refreshBeforeExpiryMs: 60_000 },
            );
          })
        : credentials;
    this.signer = signing
      ? new S3Signer({
          region: settings.region,
          credentials: signing,
          service: settings.s3Express ? "s3express" : "s3",
        })
      : undefined;
  }

  /** Sends one request; resolves with the response, or throws the typed error of a failure. */
  async send(req: S3Request, o: SendOptions): Promise<HttpResponse> {
    const response = await this.attempt(req, o);
    if (response.status < 300 || o.accept?.includes(response.status)) return response;
    const text = await readLimited(response);
    // A machine whose clock is off gets RequestTimeTooSkewed: sign by the server's clock and try again, once.
    if (
      this.signer &&
      response.status === 403 &&
      parseErrorBody(text).code === "RequestTimeTooSkewed" &&
      response.headers.date
    ) {
      this.signer.adoptServerClock(response.headers.date);
      const again = await this.attempt(req, o);
      if (again.status < 300 || o.accept?.includes(again.status)) return again;
      throw await this.failure(again, o);
    }
    throw await this.failure(response, o, text);
  }

  private attempt(req: S3Request, o: SendOptions): Promise<HttpResponse> {
    const url = this.settings.addressing.url(req.key, req.query);
    const headers: Record<string, string> = {
      ...this.settings.client.defaultHeaders,
      ...req.headers,
    };
    const signer = this.signer;
    if (signer) {
      headers["x-amz-content-sha256"] =
        this.settings.unsignedPayload && req.body?.length
          ? UNSIGNED_PAYLOAD
          : req.body?.length
            ? (knownSha256(req.body) ?? createHash("sha256").update(req.body).digest("hex"))
            : EMPTY_SHA256;
    }
    return this.http.request({
      method: req.method,
      url,
      headers,
      ...(req.body ? { body: req.body } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      idempotent: o.idempotent ?? (req.method === "GET" || req.method === "HEAD"),
      retryOnErrorBody: o.retryOnErrorBody ?? false,
      retryOnConflict: o.retryOnConflict ?? false,
      ...(signer
        ? {
            beforeAttempt: async (p: {
              method: string;
              url: URL;
              headers: Record<string, string>;
            }) => (await signer.sign({ method: p.method, url: p.url, headers: p.headers })).headers,
          }
        : {}),
    });
  }

  /** Reads a failed response's error body and builds the typed error. */
  async failure(
    response: HttpResponse,
    o: SendOptions,
    bodyText?: string,
  ): Promise<ObjectStoreError> {
    const text = bodyText ?? (await readLimited(response));
    const body = parseErrorBody(text);
    const failed: FailedResponse = {
      operation: o.operation,
      status: response.status,
      ...(o.path === undefined ? {} : { path: o.path }),
      ...(body.code ? { code: body.code } : {}),
      ...(body.message ? { message: body.message } : {}),
      ...((body.requestId ?? response.headers["x-amz-request-id"])
        ? { requestId: (body.requestId ?? response.headers["x-amz-request-id"]) as string }
        : {}),
      ...(o.detail ? { detail: o.detail } : {}),
    };
    return o.mapError?.(failed) ?? errorFromResponse(failed);
  }

  /** Reads a success body that may still be an S3 `<Error>` (CopyObject, CompleteMultipartUpload). */
  async successText(response: HttpResponse, o: SendOptions): Promise<string> {
    const text = await this.xmlText(response, o.operation);
    // Only an <Error> root: a DeleteObjects result lists its per-key failures as <Error> children.
    if (/^\s*(?:<\?xml[^>]*>\s*)?<Error[\s>]/.test(text))
      throw await this.failure(response, o, text);
    return text;
  }

  /** Reads an XML success body as text, refusing one larger than any S3 response. */
  async xmlText(response: HttpResponse, operation: string): Promise<string> {
    return (await this.xmlBytes(response, operation)).toString("utf8");
  }

  /** Reads an XML success body, refusing one larger than any S3 response before buffering it all. */
  async xmlBytes(response: HttpResponse, operation: string): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response) {
      size += chunk.length;
      if (size > MAX_XML_BYTES) {
        throw new ObjectStoreError(
          `${operation} failed: the XML response is larger than ${MAX_XML_BYTES} bytes`,
          { operation },
        );
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

async function readLimited(response: HttpResponse): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_ERROR_BODY) break;
    }
  } catch {
    // A broken error body still leaves the status to report.
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, MAX_ERROR_BODY);
}
