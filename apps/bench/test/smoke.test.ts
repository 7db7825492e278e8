import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_NAMES } from "../src/clients/client.js";
import { SCENARIOS } from "../src/scenarios.js";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), "objstore-bench-"));
type Row = {
  scenario: string;
  client: string;
  throughput: number;
  cpuUsPerOp: number;
  peakRssMiB: number;
};
let report: {
  nullServer: Row[];
  signing: Record<string, { perCpuSecond: number }>;
  coldStart: Record<string, { cpuMs: number }>;
  installedSize: Record<string, { bytes: number }>;
  targets: { target: string; measured: number }[];
};
let stdout = "";

// A run of the real harness with tiny counts: it proves the harness works, not how fast anything is.
beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm run build\` first`);
  const env = { ...process.env };
  delete env.S3_TEST_ENDPOINT;
  const run = await promisify(execFile)(process.execPath, [cli, "--smoke", "--out-dir", outDir], {
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  stdout = run.stdout;
  report = JSON.parse(readFileSync(join(outDir, "results", "latest-smoke.json"), "utf8"));
}, 110_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("bench smoke run", () => {
  it("measures every scenario of the smoke plan for every client, with positive numbers", () => {
    const expected = SCENARIOS.filter((s) => s.id !== "multipart-rss").map((s) => s.id);
    for (const id of expected) {
      for (const client of CLIENT_NAMES) {
        const row = report.nullServer.find((r) => r.scenario === id && r.client === client);
        expect(row, `${id} ${client}`).toBeDefined();
        expect(row!.throughput).toBeGreaterThan(0);
        expect(row!.cpuUsPerOp).toBeGreaterThan(0);
        expect(row!.peakRssMiB).toBeGreaterThan(0);
      }
    }
  });

  it("measures signing, cold start and installed size", () => {
    expect(Object.keys(report.signing).sort()).toEqual([
      "aws4fetch",
      "objstore",
      "smithy+node-hash",
    ]);
    for (const v of Object.values(report.signing)) expect(v.perCpuSecond).toBeGreaterThan(0);
    for (const client of CLIENT_NAMES) {
      expect(report.coldStart[client]!.cpuMs).toBeGreaterThan(0);
      expect(report.installedSize[client]!.bytes).toBeGreaterThan(0);
    }
  });

  it("checks the targets and prints the table with ratios", () => {
    expect(report.targets.length).toBeGreaterThan(10);
    for (const t of report.targets) expect(Number.isFinite(t.measured)).toBe(true);
    expect(stdout).toContain("thr÷sdk");
    expect(stdout).toMatch(/GET 1 KiB, c=32\s+objstore/);
  });
});
