// A loopback proxy in front of the S3 server that misbehaves on purpose, so the tour can show
// the store's retries and resumed downloads with real numbers.
import { createServer, request } from "node:http";

/**
 * Starts the proxy. `faults` are used up in order by the requests they match:
 * `{ match, kind: "503" }` answers 503 SlowDown; `{ match, kind: "cut", afterBytes }` sends the
 * headers and `afterBytes` of the body, then drops the connection.
 *
 * @example
 * const proxy = await startFlakyProxy("http://127.0.0.1:9000", [{ match: (r) => r.method === "PUT", kind: "503" }]);
 */
export async function startFlakyProxy(target, faults) {
  const upstream = new URL(target);
  const pending = [...faults];
  const log = [];
  const server = createServer((req, res) => {
    const fault = pending.find((f) => f.match(req));
    if (fault) pending.splice(pending.indexOf(fault), 1);
    log.push({ method: req.method, url: req.url, range: req.headers.range, fault: fault?.kind });
    if (fault?.kind === "503") {
      req.resume();
      req.on("end", () => {
        res.writeHead(503, { "content-type": "application/xml" });
        res.end(
          "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
        );
      });
      return;
    }
    // The Host header is forwarded untouched: it is part of what the client signed.
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        if (fault?.kind !== "cut") {
          up.pipe(res);
          return;
        }
        let sent = 0;
        up.on("data", (chunk) => {
          if (sent >= fault.afterBytes) return;
          const part = chunk.subarray(0, fault.afterBytes - sent);
          sent += part.length;
          res.write(part);
          if (sent >= fault.afterBytes) {
            up.destroy();
            res.socket?.destroy();
          }
        });
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
