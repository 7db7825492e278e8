import { createServer, request as httpRequest } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";

/** A forward proxy that resolves every `*.localhost` name to 127.0.0.1. */
export interface LocalhostProxy {
  url: string;
  /** `host:port` of every tunnel or the URL of every plain request, in order. */
  seen: string[];
  close(): Promise<void>;
}

// Virtual-hosted addressing needs `<bucket>.localhost` to reach the server. RFC 6761 reserves
// `.localhost` for loopback, but the system resolver here only knows `localhost` itself, so the
// test routes requests through this proxy, which connects such names to 127.0.0.1.
const loopback = (host: string) =>
  host === "localhost" || host.endsWith(".localhost") ? "127.0.0.1" : host;

/**
 * Starts the proxy on 127.0.0.1.
 *
 * @example
 * ```ts
 * const proxy = await startLocalhostProxy();
 * // store with clientOptions: { proxy_url: proxy.url }
 * ```
 */
export async function startLocalhostProxy(): Promise<LocalhostProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.push(req.url ?? "");
    const target = new URL(req.url ?? "");
    const { "proxy-connection": _pc, "proxy-authorization": _pa, ...headers } = req.headers;
    const upstream = httpRequest(
      {
        host: loopback(target.hostname),
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    seen.push(req.url ?? "");
    const [host = "", port = "80"] = (req.url ?? "").split(/:(?=\d+$)/);
    const upstream = connect(Number(port), loopback(host), () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
