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

/** Installs the pnpm version pinned in package.json#packageManager into .tools/ once. */
function ensurePnpm() {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const version = pkg.packageManager.replace(/^pnpm@/, "");
  const dir = join(root, ".tools", `pnpm-${version}`);
  const bin = join(dir, "node_modules", "pnpm", "bin", "pnpm.cjs");
  env.PATH = `${join(dir, "node_modules", ".bin")}${delimiter}${env.PATH}`;
  if (!existsSync(bin)) {
    run("npm", [
      "install",
      "--prefix",
      dir,
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      `pnpm@${version}`,
    ]);
  }
  return (args) => run(process.execPath, [bin, ...args]);
}

/** Sums the vitest JSON reports into the one closing line CI reads. */
function summarize() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const group of ["packages", "apps"]) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const file = join(base, name, "test-results.json");
      if (!existsSync(file)) continue;
      const report = JSON.parse(readFileSync(file, "utf8"));
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + report.numTodoTests;
    }
  }
  console.log(
    `\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`,
  );
  if (passed === 0 || failed > 0) process.exit(1);
}

const command = process.argv[2];
const pnpm = ensurePnpm();
pnpm(["install", "--frozen-lockfile"]);
if (command === "test") {
  pnpm(["exec", "turbo", "run", "build", "typecheck", "lint", "lint:repo", "test"]);
  summarize();
} else if (command === "demo") {
  pnpm(["exec", "turbo", "run", "build", "--output-logs=errors-only"]);
  run(process.execPath, [join(root, "apps", "demo", "src", "main.mjs")]);
} else {
  console.error("usage: node scripts/run.mjs test|demo");
  process.exit(2);
}
