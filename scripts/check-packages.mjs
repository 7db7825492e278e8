#!/usr/bin/env node
// Checks what `pnpm publish` would ship, package by package: the tarball contents, the manifest,
// publint and "Are the types wrong?". Prints one line per check and exits 1 on any problem.
//
// Usage: node scripts/check-packages.mjs   (after `pnpm build`; needs no network)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

// What a tarball may hold. Sources ship next to dist/ so that the source maps and declaration
// maps resolve: stack traces (`--enable-source-maps`) and "go to definition" land in real code.
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^dist\/[\w./-]+\.(js|d\.ts|js\.map|d\.ts\.map)$/,
  /^src\/[\w./-]+\.ts$/,
];
const FORBIDDEN =
  /(^|\/)(test|tests|__tests__|fixtures?|bench)\/|\.(test|spec)\.|\.tsbuildinfo$|vitest/;

let failures = 0;
function report(pkg, ok, what, detail = "") {
  if (!ok) failures++;
  console.log(
    `${ok ? "✔" : "✖"} ${pkg}: ${what}${detail ? `\n    ${detail.split("\n").join("\n    ")}` : ""}`,
  );
}

function sh(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

function workspaceManifests() {
  const found = [];
  for (const group of ["packages", "apps", "examples"]) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    const dirs = existsSync(join(base, "package.json"))
      ? [base]
      : readdirSync(base).map((name) => join(base, name));
    for (const dir of dirs) {
      const file = join(dir, "package.json");
      if (existsSync(file)) found.push({ dir, manifest: JSON.parse(readFileSync(file, "utf8")) });
    }
  }
  return found;
}

function checkManifest(name, dir, m) {
  const folder = posix.relative(root.split("\\").join("/"), dir.split("\\").join("/"));
  const problems = [];
  if (m.name !== `@objstore/${posix.basename(folder)}`) problems.push(`name ${m.name}`);
  if (m.type !== "module") problems.push('type is not "module"');
  if (m.license !== "MIT") problems.push("license is not MIT");
  if (m.engines?.node !== rootManifest.engines.node)
    problems.push(`engines.node ${m.engines?.node} is not ${rootManifest.engines.node}`);
  if (m.sideEffects !== false) problems.push("sideEffects is not false");
  if (!Array.isArray(m.files) || m.files.length === 0) problems.push("no files list");
  if (m.repository?.directory !== folder) problems.push(`repository.directory is not ${folder}`);
  if (!m.repository?.url) problems.push("no repository.url");
  if (!Array.isArray(m.keywords) || m.keywords.length === 0) problems.push("no keywords");
  if (m.publishConfig?.access !== "public") problems.push("publishConfig.access is not public");
  if (Object.keys(m.exports?.["."] ?? {})[0] !== "types")
    problems.push('exports["."] does not list "types" first');
  report(name, problems.length === 0, "package.json fields", problems.join("\n"));
}

/** Packs the package as `pnpm publish` would; returns the tarball path and its file list. */
function pack(name, dir, dest) {
  const r = sh("pnpm", ["pack", "--pack-destination", dest, "--json"], dir);
  if (r.status !== 0) throw new Error(`pnpm pack failed in ${dir}:\n${r.stderr}`);
  const out = JSON.parse(r.stdout);
  const unpacked = join(dest, posix.basename(dir));
  sh("mkdir", ["-p", unpacked]);
  const x = sh("tar", ["-xzf", out.filename, "-C", unpacked, "--strip-components=1"]);
  if (x.status !== 0) throw new Error(`tar failed for ${name}: ${x.stderr}`);
  return { tarball: out.filename, files: out.files.map((f) => f.path).sort(), unpacked };
}

function checkContents(name, dir, files, unpacked) {
  const bad = files.filter((f) => FORBIDDEN.test(f) || !ALLOWED.some((re) => re.test(f)));
  report(
    name,
    bad.length === 0,
    `tarball holds only dist/, src/, README, LICENSE, package.json (${files.length} files)`,
    bad.join("\n"),
  );
  const missing = [
    "package.json",
    "README.md",
    "LICENSE",
    "dist/index.js",
    "dist/index.d.ts",
  ].filter((f) => !files.includes(f));
  report(
    name,
    missing.length === 0,
    "README, LICENSE and the entry point are in the tarball",
    missing.join("\n"),
  );

  // The code runs from one bundle, dist/index.js; tsc writes a declaration per source file.
  // Declarations of deleted sources linger in dist/ (tsc -b never removes them): ship none.
  const set = new Set(files);
  const stale = files
    .filter((f) => /^dist\/.+\.d\.ts$/.test(f))
    .filter((f) => !set.has(f.replace(/^dist\//, "src/").replace(/\.d\.ts$/, ".ts")));
  const unbuilt = files
    .filter((f) => /^src\/.+\.ts$/.test(f) && !f.endsWith(".d.ts"))
    .filter((f) => !set.has(f.replace(/^src\//, "dist/").replace(/\.ts$/, ".d.ts")));
  const unbundled = files.filter((f) => /^dist\/.+\.js$/.test(f) && f !== "dist/index.js");
  report(
    name,
    stale.length + unbuilt.length + unbundled.length === 0,
    "dist/ holds one bundle and a declaration per source file",
    [
      ...stale.map((f) => `stale ${f}`),
      ...unbuilt.map((f) => `not built ${f}`),
      ...unbundled.map((f) => `not in the bundle ${f}`),
    ].join("\n"),
  );

  const broken = [];
  for (const f of files) {
    if (f.endsWith(".map")) {
      const map = JSON.parse(readFileSync(join(unpacked, f), "utf8"));
      for (const s of map.sources ?? []) {
        const target = posix.normalize(posix.join(posix.dirname(f), map.sourceRoot ?? "", s));
        if (!set.has(target)) broken.push(`${f} -> ${target}`);
      }
    } else if (/\.(js|d\.ts)$/.test(f)) {
      const text = readFileSync(join(unpacked, f), "utf8");
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
      if (url && !set.has(posix.join(posix.dirname(f), url))) broken.push(`${f} -> ${url}`);
    }
  }
  report(
    name,
    broken.length === 0,
    "every source map and its sources are in the tarball",
    broken.join("\n"),
  );

  const manifest = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8"));
  const workspaceSpecs = Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })
    .filter(([, spec]) => String(spec).startsWith("workspace:"))
    .map(([dep, spec]) => `${dep}@${spec}`);
  report(
    name,
    workspaceSpecs.length === 0,
    "published dependencies carry real versions",
    workspaceSpecs.join("\n"),
  );

  // npm's view of the same `files` list must agree with pnpm's (users may pack with either).
  const npm = sh("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], dir);
  const npmFiles =
    npm.status === 0
      ? JSON.parse(npm.stdout)[0]
          .files.map((f) => f.path)
          .sort()
      : [];
  const differ = [
    ...npmFiles.filter((f) => !set.has(f)).map((f) => `only npm: ${f}`),
    ...files.filter((f) => !npmFiles.includes(f)).map((f) => `only pnpm: ${f}`),
  ];
  report(
    name,
    npm.status === 0 && differ.length === 0,
    "npm pack --dry-run lists the same files",
    npm.status === 0 ? differ.join("\n") : npm.stderr,
  );
}

async function checkPublint(name, tarball) {
  const data = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
    level: "suggestion",
    strict: true,
  });
  report(
    name,
    messages.length === 0,
    "publint (suggestions count as failures)",
    messages.map((m) => `${m.type}: ${formatMessage(m, pkg, { color: false })}`).join("\n"),
  );
}

function checkTypes(name, tarball) {
  // ESM-only packages: the "esm-only" profile ignores node10 and node16-from-CJS resolution,
  // where `require()` of an ESM package is expected to fail; node16-from-ESM and bundler count.
  const attw = join(root, "node_modules", ".bin", "attw");
  const r = sh(attw, [
    tarball,
    "--profile",
    "esm-only",
    "--format",
    "table-flipped",
    "--no-color",
    "--no-emoji",
  ]);
  report(
    name,
    r.status === 0,
    "are the types wrong (node16 from ESM, bundler)",
    r.status === 0 ? "" : `${r.stdout}${r.stderr}`,
  );
}

const tmp = mkdtempSync(join(tmpdir(), "objstore-pack-"));
try {
  for (const { dir, manifest } of workspaceManifests()) {
    const name = manifest.name;
    if (manifest.private) {
      report(name, true, "private (never published)");
      continue;
    }
    checkManifest(name, dir, manifest);
    const { tarball, files, unpacked } = pack(name, dir, tmp);
    checkContents(name, dir, files, unpacked);
    await checkPublint(name, tarball);
    checkTypes(name, tarball);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(
  failures === 0 ? "\npackages: all checks passed" : `\npackages: ${failures} check(s) failed`,
);
process.exit(failures === 0 ? 0 : 1);
