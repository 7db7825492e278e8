import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterEach } from "vitest";
import { HttpClient, type HttpClientOptions, type RetryEvent } from "../src/index.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((fn) => fn()));
});

/** Registers something to close after the current test. */
export function closeAfterTest<T extends { close(): Promise<unknown> }>(thing: T): T {
  cleanups.push(() => thing.close());
  return thing;
}

/** A client for loopback tests: plain HTTP allowed, fast backoff; records retry events. */
export function testClient(
  clientOptions: Record<string, unknown> = {},
  retryConfig: HttpClientOptions["retryConfig"] = {},
): { client: HttpClient; retries: RetryEvent[] } {
  const retries: RetryEvent[] = [];
  const client = new HttpClient({
    clientOptions: { allow_http: true, ...clientOptions },
    retryConfig: { backoff: { initBackoff: 5, maxBackoff: 20 }, ...retryConfig },
    onRetry: (event) => retries.push(event),
  });
  closeAfterTest(client);
  return { client, retries };
}

/** A loopback port with nothing listening on it (connections are refused). */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
