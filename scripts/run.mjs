#!/usr/bin/env node
// Entry point of the two README commands (`npm test`, `npm run demo`). A fresh machine has only
// Node and npm, so this script bootstraps the pinned pnpm itself, then drives the workspace.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = {
  ...process.env,
  // turbo runs each package's scripts through `pnpm`, so the bootstrapped one must be on PATH.
  PATH: process.env.PATH,
  TURBO_TELEMETRY_DISABLED: "1",
  TURBO_NO_UPDATE_NOTIFIER: "1",
  DO_NOT_TRACK: "1",
};

function run(cmd, args, opts = {}) {
  const started = Date.now();
  console.log(`\n$ ${[cmd, ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env, ...opts });
  if (r.status !== 0) {
    console.error(`\n✖ ${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/**
 * Installs one npm package (a tool such as pnpm, or a Node.js build) into .tools/<name>-<version>
 * once, outside the workspace; returns the path of `file` inside it.
 */
function ensureTool(name, version, file) {
  const dir = join(root, ".tools", `${name}-${version}`);
  const bin = join(dir, "node_modules", name, ...file);
  if (!existsSync(bin)) {
    const flags = ["--no-save", "--no-package-lock", "--no-audit", "--no-fund"];
    run("npm", ["install", "--prefix", dir, ...flags, `${name}@${version}`]);
  }
  return bin;
}

/** The pnpm pinned in package.json#packageManager, put on PATH (turbo runs scripts through it). */
function ensurePnpm() {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const version = pkg.packageManager.replace(/^pnpm@/, "");
  const bin = ensureTool("pnpm", version, ["bin", "pnpm.cjs"]);
  env.PATH = `${join(root, ".tools", `pnpm-${version}`, "node_modules", ".bin")}${delimiter}${env.PATH}`;
  return bin;
}

// The other supported Node.js lines, from the npm registry's `node` package, pinned exactly.
const NODE_LINES = ["22.23.3", "24.21.0"];

/** Packages whose vitest suites also run on the other Node.js lines. */
function packagesWithTests() {
  const base = join(root, "packages");
  return readdirSync(base).filter((name) => {
    const file = join(base, name, "package.json");
    return (
      existsSync(file) && JSON.parse(readFileSync(file, "utf8")).scripts?.test?.startsWith("vitest")
    );
  });
}

/** The test phase, run with a real S3 server up (S3_TEST_* set by with-s3-server). */
function testPhase() {
  // Two suites at a time: the machine has two cores, and the S3 server needs some of them.
  pnpm(["exec", "turbo", "run", "test", "--concurrency=2"]);
  const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
  for (const version of NODE_LINES) {
    const node = ensureTool("node", version, ["bin", "node"]);
    const major = version.split(".")[0];
    for (const name of packagesWithTests()) {
      run(
        node,
        [
          vitest,
          "run",
          "--reporter=dot",
          "--reporter=json",
          `--outputFile.json=test-results.node${major}.json`,
        ],
        {
          cwd: join(root, "packages", name),
        },
      );
    }
  }
}

/** Every workspace package folder (as pnpm-workspace.yaml lists them). */
function workspaceDirs() {
  const groups = ["packages", "apps"].map((g) => join(root, g)).filter(existsSync);
  const dirs = groups.flatMap((g) => readdirSync(g).map((name) => join(g, name)));
  return [...dirs, join(root, "examples")].filter((d) => existsSync(join(d, "package.json")));
}

/** Sums the vitest JSON reports into the one closing line CI reads. */
function summarize() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const lines = new Map();
  for (const dir of workspaceDirs()) {
    for (const file of readdirSync(dir).filter((f) => /^test-results(\.node\d+)?\.json$/.test(f))) {
      const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
      const line = /node(\d+)/.exec(file)?.[1] ?? process.versions.node.split(".")[0];
      const counts = lines.get(line) ?? { passed: 0, failed: 0 };
      counts.passed += report.numPassedTests;
      counts.failed += report.numFailedTests;
      lines.set(line, counts);
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + report.numTodoTests;
    }
  }
  for (const [line, c] of [...lines].sort())
    console.log(`node ${line}: ${c.passed} passed, ${c.failed} failed`);
  console.log(
    `\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`,
  );
  if (passed === 0 || failed > 0) process.exit(1);
}

const command = process.argv[2];
const pnpmBin = ensurePnpm();
const pnpm = (args) => run(process.execPath, [pnpmBin, ...args]);
if (command !== "test-phase") pnpm(["install", "--frozen-lockfile"]);
if (command === "test") {
  // --continue: report every failing package at once, not just the first.
  pnpm(["exec", "turbo", "run", "build", "typecheck", "lint", "lint:repo", "--continue"]);
  // What users install: tarball contents, publint, attw; and the API docs build without warnings.
  pnpm(["run", "check:packages"]);
  pnpm(["run", "docs"]);
  // One real S3 server for every suite: started here, stopped when the tests end.
  const harness = join(root, "packages", "testkit", "dist", "with-s3-server.js");
  run(process.execPath, [harness, process.execPath, fileURLToPath(import.meta.url), "test-phase"]);
  summarize();
} else if (command === "test-phase") {
  testPhase();
} else if (command === "demo") {
  pnpm(["exec", "turbo", "run", "build", "--output-logs=errors-only"]);
  const harness = join(root, "packages", "testkit", "dist", "with-s3-server.js");
  run(process.execPath, [harness, process.execPath, join(root, "apps", "demo", "src", "main.mjs")]);
} else {
  console.error("usage: node scripts/run.mjs test|demo");
  process.exit(2);
}
