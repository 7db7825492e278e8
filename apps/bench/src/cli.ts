// `pnpm bench` (node dist/cli.js): every client against the null S3 server, each in its own
// process, then signing, cold start, installed size, and the real server when S3_TEST_ENDPOINT
// is set. Prints the table and writes results/latest.json, docs/bench.svg and the README table.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chartSvg } from "./chart.js";
import { CLIENT_NAMES, CLIENT_PACKAGES, type ClientName, type Target } from "./clients/client.js";
import { dependencySize } from "./dependency-size.js";
import { type Measurement, median } from "./measure.js";
import { runChild, script, startNullServerProcess } from "./processes.js";
import { prepareRealServer, realServerTarget } from "./real-server.js";
import { type Group, PLANS, type Plan, SCENARIOS } from "./scenarios.js";
import { SIGNERS } from "./signers.js";
import { type ScenarioSummary, summarize } from "./summary.js";
import { fmt, markdownTable, resultTable, targetLines } from "./table.js";
import { checkTargets } from "./targets.js";
import type { WorkerJob, WorkerResult } from "./worker.js";

const APP_DIR = fileURLToPath(new URL("..", import.meta.url));
const GROUPS: Group[] = ["small", "large-get", "upload", "upload-rss"];

const { values: args } = parseArgs({
  // `pnpm … bench -- --quick` hands the `--` on; options after it are still options here.
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    quick: { type: "boolean", default: process.env.OBJSTORE_BENCH_QUICK === "1" },
    smoke: { type: "boolean", default: false },
    rounds: { type: "string" },
    clients: { type: "string" },
    scenarios: { type: "string" },
    e2e: { type: "boolean", default: true },
    "no-e2e": { type: "boolean", default: false },
    "out-dir": { type: "string" },
  },
});

const mode = args.smoke ? "smoke" : args.quick ? "quick" : "full";
const plan: Plan =
  mode === "smoke"
    ? {
        ...PLANS.quick,
        warmup: 40,
        smallOps: 40,
        serialOps: 10,
        listings: 1,
        listWarmups: 1,
        listKeys: 2500,
        largeGets: 1,
        largeGetBytes: 4 * 1024 * 1024,
        uploadBytes: 12 * 1024 * 1024,
        partSize: 5 * 1024 * 1024,
        partConcurrency: 2,
      }
    : PLANS[mode];
const rounds = Number(args.rounds ?? (mode === "full" ? 3 : 1));
const clients = (args.clients?.split(",") ?? [...CLIENT_NAMES]) as ClientName[];
for (const c of clients) {
  if (!CLIENT_NAMES.includes(c))
    throw new Error(`unknown client "${c}": expected ${CLIENT_NAMES.join(", ")}`);
}
const only = args.scenarios?.split(",");
const outDir = args["out-dir"] ?? APP_DIR;
const profiled = process.env.OBJSTORE_BENCH_PROFILE?.split(",") ?? [];
const log = (line: string) => process.stderr.write(`${line}\n`);

async function runScenarios(target: Target, p: Plan, n: number): Promise<ScenarioSummary[]> {
  const measured = new Map<string, Measurement[]>();
  for (let round = 0; round < n; round++) {
    for (const group of GROUPS) {
      if (
        !SCENARIOS.some(
          (s) => s.group === group && s.count(p) > 0 && (!only || only.includes(s.id)),
        )
      )
        continue;
      // Rotate the order each round so no client always runs first (or last) on a busy host.
      const order = clients.map((_, i) => clients[(i + round) % clients.length] as ClientName);
      for (const client of order) {
        const job: WorkerJob = { client, group, target, plan: p, ...(only ? { only } : {}) };
        const execArgv = profiled.includes(client)
          ? ["--cpu-prof", `--cpu-prof-dir=${join(outDir, "profiles")}`]
          : [];
        log(`round ${round + 1}/${n} ${group} ${client}…`);
        const answer = await runChild<WorkerResult>(
          script("worker.js"),
          [client, group],
          execArgv,
          job,
        );
        if (!answer.ok) throw new Error(`${client} ${group}: ${answer.error}`);
        for (const [id, m] of Object.entries(answer.results)) {
          const key = `${id}\u0000${client}`;
          measured.set(key, [...(measured.get(key) ?? []), m]);
        }
      }
    }
  }
  const rows: ScenarioSummary[] = [];
  for (const s of SCENARIOS) {
    for (const client of clients) {
      const ms = measured.get(`${s.id}\u0000${client}`);
      if (ms) rows.push(summarize(s, client, ms));
    }
  }
  return rows.map((r) => relabel(r, p));
}

function relabel(r: ScenarioSummary, p: Plan): ScenarioSummary {
  const mib = (b: number) => `${b / 2 ** 20} MiB`;
  if (r.scenario === "list") return { ...r, label: `LIST ${fmt(p.listKeys)} keys` };
  if (r.scenario === "get-large") return { ...r, label: `GET ${mib(p.largeGetBytes)}` };
  if (r.scenario === "multipart-put")
    return {
      ...r,
      label: `multipart PUT ${mib(p.uploadBytes)} (${mib(p.partSize)}×${p.partConcurrency})`,
    };
  if (r.scenario === "multipart-rss")
    return { ...r, label: `multipart PUT ${mib(p.rssUploadBytes)}, RSS` };
  return r;
}

const nullTarget = (port: number): Target => ({
  endpoint: `http://127.0.0.1:${port}`,
  bucket: "bench",
  region: "us-east-1",
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
});

const started = performance.now();
const server = await startNullServerProcess(plan.listKeys);
let rows: ScenarioSummary[];
try {
  rows = await runScenarios(nullTarget(server.port), plan, rounds);
} finally {
  server.stop();
}

const signCount = mode === "full" ? 30_000 : mode === "quick" ? 5_000 : 500;
const signing: Record<string, { perCpuSecond: number; perSecond: number }> = {};
for (const signer of SIGNERS) {
  const runs: { perCpuSecond: number; perSecond: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    log(`signing ${signer} ${r + 1}/${rounds}…`);
    runs.push(await runChild(script("sign.js"), [signer, String(signCount)]));
  }
  signing[signer] = {
    perCpuSecond: median(runs.map((x) => x.perCpuSecond)),
    perSecond: median(runs.map((x) => x.perSecond)),
  };
}

const coldRounds = mode === "full" ? 5 : mode === "quick" ? 3 : 1;
const coldStart: Partial<Record<ClientName, { cpuMs: number; wallMs: number }>> = {};
const installed: Partial<Record<ClientName, { bytes: number; packages: number }>> = {};
for (const client of clients) {
  const runs: { cpuMs: number; wallMs: number }[] = [];
  for (let r = 0; r < coldRounds; r++) runs.push(await runChild(script("cold-start.js"), [client]));
  coldStart[client] = {
    cpuMs: median(runs.map((x) => x.cpuMs)),
    wallMs: median(runs.map((x) => x.wallMs)),
  };
  installed[client] = dependencySize(CLIENT_PACKAGES[client], APP_DIR);
}

let e2e: ScenarioSummary[] | undefined;
const real = realServerTarget(process.env);
if (real && args.e2e && !args["no-e2e"]) {
  log(`real server at ${real.endpoint}: preparing bucket ${real.bucket}…`);
  await prepareRealServer(real, PLANS.e2e);
  e2e = await runScenarios(real, PLANS.e2e, 1);
}

const checks = checkTargets(rows, plan, {
  coldStartCpuMs: Object.fromEntries(Object.entries(coldStart).map(([c, v]) => [c, v.cpuMs])),
  signaturesPerCpuSecond: Object.fromEntries(
    Object.entries(signing).map(([s, v]) => [s, v.perCpuSecond]),
  ),
});

const host = `Node ${process.versions.node}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}`;
const out: string[] = [];
out.push(`objstore bench (${mode}, ${rounds} round${rounds > 1 ? "s" : ""}, medians; ${host})`);
out.push("", "Null S3 server on loopback (server in its own process):", resultTable(rows));
if (e2e) out.push("", `Real S3 server (${real?.endpoint}), end to end, 1 round:`, resultTable(e2e));
out.push("", "SigV4 signatures (GET, fresh key and date each):");
for (const [s, v] of Object.entries(signing)) {
  out.push(
    `  ${s.padEnd(18)} ${fmt(v.perCpuSecond).padStart(9)} /CPU-s  ${fmt(v.perSecond).padStart(9)} /s`,
  );
}
out.push(
  "",
  "Cold start (import + construct, fresh process) and installed size (with dependencies):",
);
for (const client of clients) {
  const c = coldStart[client];
  const d = installed[client];
  if (!c || !d) continue;
  out.push(
    `  ${client.padEnd(10)} ${fmt(c.cpuMs).padStart(5)} ms CPU  ${fmt(c.wallMs).padStart(5)} ms wall  ${fmt(d.bytes / 2 ** 20, 1).padStart(6)} MiB in ${d.packages} packages`,
  );
}
out.push("", "Targets of issue 7 (objstore ÷ other, same run):", targetLines(checks));
out.push("", `(${fmt((performance.now() - started) / 1000)} s)`);
console.log(out.join("\n"));

const report = {
  date: new Date().toISOString(),
  mode,
  rounds,
  host,
  plan,
  nullServer: rows,
  ...(e2e ? { realServer: { endpoint: real?.endpoint, plan: PLANS.e2e, rows: e2e } } : {}),
  signing,
  coldStart,
  installedSize: installed,
  targets: checks,
};
mkdirSync(join(outDir, "results"), { recursive: true });
const jsonName = mode === "full" ? "latest.json" : `latest-${mode}.json`;
writeFileSync(join(outDir, "results", jsonName), `${JSON.stringify(report, null, 2)}\n`);
log(`wrote ${join(outDir, "results", jsonName)}`);
if (mode === "full" && !args["out-dir"]) {
  mkdirSync(join(APP_DIR, "docs"), { recursive: true });
  writeFileSync(
    join(APP_DIR, "docs", "bench.svg"),
    chartSvg(rows, `${host}; medians of ${rounds} rounds`),
  );
  updateReadme(join(APP_DIR, "README.md"), rows, checks);
  log("wrote docs/bench.svg and the README table");
}

function updateReadme(
  path: string,
  summary: ScenarioSummary[],
  targets: ReturnType<typeof checkTargets>,
): void {
  const start = "<!-- bench:results:start -->";
  const end = "<!-- bench:results:end -->";
  const text = readFileSync(path, "utf8");
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return;
  const block = [
    start,
    `Measured ${new Date().toISOString().slice(0, 10)} on ${host}; medians of ${rounds} rounds.`,
    "",
    markdownTable(summary),
    "",
    "| target | measured | bound | |",
    "| --- | ---: | ---: | --- |",
    ...targets.map(
      (t) =>
        `| ${t.target} | ${fmt(t.measured, 2)} | ${t.kind === "max" ? "≤" : "≥"} ${fmt(t.bound, 2)} | ${t.holds ? "holds" : "**missed**"} |`,
    ),
    end,
  ].join("\n");
  writeFileSync(path, text.slice(0, a) + block + text.slice(b + end.length));
}
