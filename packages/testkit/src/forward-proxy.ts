import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";

/** A running forward proxy. Close it with `close()`. */
export interface ForwardProxy {
  /** Proxy URL, e.g. `http://127.0.0.1:40125`. */
  readonly url: string;
  readonly port: number;
  /** `host:port` of every CONNECT tunnel and the absolute URL of every plain request, in order. */
  readonly seen: string[];
  /** `Proxy-Authorization` header of each request (undefined when absent), in order. */
  readonly proxyAuthorizations: (string | undefined)[];
  close(): Promise<void>;
}

/**
 * Starts a minimal HTTP forward proxy on 127.0.0.1: `CONNECT host:port` tunnels (what undici's
 * `ProxyAgent` uses) and absolute-form plain HTTP requests. It records what it forwarded, so a
 * test can prove traffic went through it.
 *
 * @example
 * ```ts
 * const proxy = await startForwardProxy();
 * // ... client with proxy_url = proxy.url ...
 * expect(proxy.seen).toEqual([`127.0.0.1:${server.port}`]);
 * await proxy.close();
 * ```
 */
export async function startForwardProxy(): Promise<ForwardProxy> {
  const seen: string[] = [];
  const proxyAuthorizations: (string | undefined)[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  };

  const server = createServer((req, res) => {
    seen.push(req.url ?? "");
    proxyAuthorizations.push(req.headers["proxy-authorization"]);
    const { "proxy-authorization": _auth, "proxy-connection": _pc, ...headers } = req.headers;
    const upstream = httpRequest(req.url ?? "", { method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connection", track);
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? "";
    seen.push(target);
    proxyAuthorizations.push(req.headers["proxy-authorization"]);
    const [host = "", port = "443"] = target.split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    proxyAuthorizations,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
