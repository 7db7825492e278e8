// Requests/s of HttpClient vs plain undici against the same loopback server, small responses.
// Not a test: run with `pnpm run bench` after `pnpm run build`. The server runs in a child
// process so it does not compete with the client for the event loop.
import { fork } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import { Agent, request } from "undici";
import { HttpClient } from "../dist/index.js";

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);

if (process.argv[2] === "server") {
  const body = Buffer.from('<?xml version="1.0"?><Ok/>');
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      "content-type": "application/xml",
      "content-length": body.length,
      etag: '"e"',
    });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.send?.(server.address().port));
} else {
  const child = fork(new URL(import.meta.url).pathname, ["server"]);
  const [port] = await once(child, "message");
  const url = `http://127.0.0.1:${port}/bucket/key`;

  const agent = new Agent();
  const client = new HttpClient({ clientOptions: { allow_http: true } });
  const contenders = {
    "undici request": async () => {
      const res = await request(url, { dispatcher: agent });
      await res.body.text();
    },
    HttpClient: async () => {
      const res = await client.request({ method: "GET", url });
      await res.text();
    },
  };

  // Requests/s, and the client process's CPU time per request (user + system, in µs): on a
  // shared machine the CPU cost is the steadier measure of client overhead.
  async function measure(fn) {
    let count = 0;
    const deadline = performance.now() + DURATION_MS;
    const worker = async () => {
      while (performance.now() < deadline) {
        await fn();
        count++;
      }
    };
    const started = performance.now();
    const cpu = process.cpuUsage();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const used = process.cpuUsage(cpu);
    return {
      rps: (count * 1000) / (performance.now() - started),
      cpuUs: (used.user + used.system) / count,
    };
  }
  const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

  // Warm both up (JIT, pools), then alternate rounds so drift hits both equally.
  for (const fn of Object.values(contenders)) {
    const end = performance.now() + 1000;
    while (performance.now() < end) await fn();
  }
  const results = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(contenders)) results[name].push(await measure(fn));
  }
  const summary = {};
  for (const [name, runs] of Object.entries(results)) {
    summary[name] = {
      rps: median(runs.map((r) => r.rps)),
      cpuUs: median(runs.map((r) => r.cpuUs)),
    };
    console.log(
      `${name.padEnd(16)} ${summary[name].rps.toFixed(0).padStart(7)} req/s (median of ${ROUNDS}), ${summary[name].cpuUs.toFixed(1)} µs client CPU/request`,
    );
  }
  const base = summary["undici request"];
  const ours = summary.HttpClient;
  console.log(
    `HttpClient overhead vs undici: ${((1 - ours.rps / base.rps) * 100).toFixed(1)}% req/s, ` +
      `${((ours.cpuUs / base.cpuUs - 1) * 100).toFixed(1)}% CPU per request ` +
      `(concurrency ${CONCURRENCY}, ${ROUNDS} alternating rounds of ${DURATION_MS} ms, Node ${process.version})`,
  );
  await Promise.all([agent.close(), client.close()]);
  child.kill();
}
