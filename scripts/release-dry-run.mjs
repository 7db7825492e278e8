#!/usr/bin/env node
// Rehearses a release from a fresh clone without touching this checkout or the registry: copies
// the files git would clone (tracked and new, minus ignored) into a temporary repository,
// installs from the lock file, builds, applies the pending changesets (`changeset version`) and
// runs `pnpm -r publish --dry-run`. Prints the versions and changelogs a release would produce.
//
// Usage: node scripts/release-dry-run.mjs   (needs the pnpm store or the npm registry)
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// The pinned pnpm that `npm test` bootstrapped into .tools/, else a pnpm on PATH.
const { packageManager } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const toolsBin = join(root, ".tools", packageManager.replace("@", "-"), "node_modules", ".bin");
const pnpmBin = existsSync(join(toolsBin, "pnpm")) ? join(toolsBin, "pnpm") : "pnpm";
const pnpm = (args, cwd) => run(pnpmBin, args, cwd);

function run(cmd, args, cwd, quiet = false) {
  console.log(`\n$ ${[cmd, ...args].join(" ")}`);
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: quiet ? "pipe" : "inherit",
    env: {
      ...process.env,
      // turbo runs each package's scripts through the `pnpm` on PATH: make it this one.
      PATH: `${toolsBin}${delimiter}${process.env.PATH}`,
      TURBO_TELEMETRY_DISABLED: "1",
      DO_NOT_TRACK: "1",
    },
  });
  if (r.status !== 0) {
    if (quiet) console.error(r.stdout, r.stderr);
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
  }
  return r.stdout ?? "";
}

const clone = mkdtempSync(join(tmpdir(), "objstore-release-"));
try {
  const listed = spawnSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    if (!existsSync(join(root, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(root, file), join(clone, file));
  }
  const git = ["-c", "user.name=release-dry-run", "-c", "user.email=release@localhost"];
  run("git", ["init", "-q", "-b", "main"], clone, true);
  run("git", ["add", "-A"], clone, true);
  run("git", [...git, "commit", "-q", "-m", "fresh clone"], clone, true);

  pnpm(["install", "--frozen-lockfile", "--prefer-offline", "--reporter=silent"], clone);
  pnpm(["exec", "turbo", "run", "build", "--output-logs=errors-only"], clone);
  pnpm(["changeset", "status", "--verbose"], clone);
  pnpm(["changeset", "version"], clone);
  for (const name of [
    "config-keys",
    "url-parser",
    "http-client",
    "credentials",
    "signer",
    "s3-store",
  ]) {
    const dir = join(clone, "packages", name);
    const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const changelog = join(dir, "CHANGELOG.md");
    console.log(`\n@objstore/${name} -> ${version}`);
    if (!existsSync(changelog))
      throw new Error(`changeset version wrote no CHANGELOG.md for ${name}`);
    console.log(readFileSync(changelog, "utf8").trim().split("\n").slice(0, 8).join("\n"));
  }
  // --no-git-checks: the version bump is not committed in this throw-away copy.
  pnpm(["-r", "publish", "--dry-run", "--no-git-checks", "--access", "public"], clone);
  console.log("\nrelease dry run: ok (nothing was published, this checkout is untouched)");
} finally {
  rmSync(clone, { recursive: true, force: true });
}
