import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request a scripted server received. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
}

/** A loopback HTTP server whose answers a test scripts, recording every request. */
export interface ScriptedServer {
  readonly url: string;
  readonly port: number;
  readonly seen: SeenRequest[];
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

export async function startScriptedServer(
  handle: ScriptedServer["handle"] = (_req, res) => res.end(),
): Promise<ScriptedServer> {
  const seen: SeenRequest[] = [];
  const self = { handle } as ScriptedServer;
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    self.handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(self, {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** Answers XML with a status after draining the request body. */
export function xml(res: ServerResponse, req: IncomingMessage, status: number, body: string): void {
  req.resume();
  req.on("end", () => {
    res.writeHead(status, { "content-type": "application/xml" });
    res.end(body);
  });
}
