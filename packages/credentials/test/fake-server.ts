import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the fake endpoint saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering (to let concurrent callers pile up). */
  delayMs?: number;
}

export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on loopback, answering with `handler`, recording every request. */
export async function startFakeServer(
  handler: (req: SeenRequest) => Reply | Promise<Reply>,
): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const seen: SeenRequest = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    requests.push(seen);
    const reply = await handler(seen);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    res.writeHead(reply.status ?? 200, reply.headers ?? {});
    res.end(reply.body ?? "");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

/** An STS AssumeRole* success body. */
export function stsSuccess(
  action: string,
  creds: { id: string; secret: string; token: string; expiration: string },
): string {
  return `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <${action}Result>
    <Credentials>
      <AccessKeyId>${creds.id}</AccessKeyId>
      <SecretAccessKey>${creds.secret}</SecretAccessKey>
      <SessionToken>${creds.token}</SessionToken>
      <Expiration>${creds.expiration}</Expiration>
    </Credentials>
  </${action}Result>
</${action}Response>`;
}

/** The JSON that ECS, EKS and IMDS answer with. */
export function credentialJson(creds: {
  id: string;
  secret: string;
  token: string;
  expiration: string;
}): string {
  return JSON.stringify({
    Code: "Success",
    Type: "AWS-HMAC",
    AccessKeyId: creds.id,
    SecretAccessKey: creds.secret,
    Token: creds.token,
    Expiration: creds.expiration,
  });
}

/** An ISO date `minutes` from now. */
export function inMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}
