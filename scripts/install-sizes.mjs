#!/usr/bin/env node
// Measures what `npm install <package>` puts on a user's disk: each publishable package packed
// as `pnpm publish` would, installed by npm from its tarball (our own packages from their
// tarballs too, everything else from the registry) into an empty project, and the same for the
// clients we compare with. Writes docs/install-sizes.md and prints the table.
//
// Usage: pnpm build && node scripts/install-sizes.mjs   (needs the npm registry)
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// The versions the benchmarks (apps/bench) measure, so sizes and speeds describe the same code.
const OTHERS = { "@aws-sdk/client-s3": "3.1169.0", minio: "8.0.7" };

function sh(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${r.stderr}`);
  return r.stdout;
}

/** Bytes of every file under `dir` (apparent size, as npm's unpackedSize counts) and the packages. */
function measure(dir) {
  let bytes = 0;
  let packages = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === ".bin" || entry.name === ".cache") continue;
        if (/node_modules$/.test(d) && existsSync(join(p, "package.json"))) packages++;
        if (/node_modules\/@[^/]+$/.test(d) && existsSync(join(p, "package.json"))) packages++;
        walk(p);
      } else if (entry.isFile()) bytes += lstatSync(p).size;
    }
  };
  walk(dir);
  return { bytes, packages };
}

function install(dir, dependencies, overrides = {}) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "size-probe", private: true, dependencies, overrides }),
  );
  sh(
    "npm",
    [
      "install",
      "--omit=dev",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      "--no-package-lock",
      "--loglevel=error",
    ],
    dir,
  );
  const onDisk = Number(sh("du", ["-sk", "node_modules"], dir).split("\t")[0]) * 1024;
  return { ...measure(join(dir, "node_modules")), onDisk };
}

const publishable = readdirSync(join(root, "packages"))
  .map((name) => ({ dir: join(root, "packages", name) }))
  .filter(({ dir }) => existsSync(join(dir, "package.json")))
  .map(({ dir }) => ({
    dir,
    manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")),
  }))
  .filter(({ manifest }) => !manifest.private);

const tmp = mkdtempSync(join(tmpdir(), "objstore-sizes-"));
const rows = [];
try {
  const tarballs = {};
  for (const { dir, manifest } of publishable) {
    const out = JSON.parse(sh("pnpm", ["pack", "--pack-destination", tmp, "--json"], dir));
    tarballs[manifest.name] = `file:${out.filename}`;
  }
  for (const { manifest } of publishable) {
    const name = manifest.name;
    // Our other packages are not on the registry yet: npm takes them from their tarballs.
    const size = install(join(tmp, name.replace("/", "__")), { [name]: tarballs[name] }, tarballs);
    const own = measure(join(tmp, name.replace("/", "__"), "node_modules", ...name.split("/")));
    rows.push({ name, own: own.bytes, ...size });
  }
  for (const [name, version] of Object.entries(OTHERS)) {
    const dir = join(tmp, name.replace("/", "__"));
    const size = install(dir, { [name]: version });
    const own = measure(join(dir, "node_modules", ...name.split("/")));
    rows.push({ name: `${name}@${version}`, own: own.bytes, ...size });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const size = (n) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${(n / 1024).toFixed(0)} KiB`;
const sdk = rows.find((r) => r.name.startsWith("@aws-sdk/client-s3"));
const table = [
  "| package | own files | installed (own + dependencies) | on disk (`du`) | packages | vs `@aws-sdk/client-s3` |",
  "| --- | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map(
    (r) =>
      `| \`${r.name}\` | ${size(r.own)} | ${size(r.bytes)} | ${size(r.onDisk)} | ${r.packages} | ${((100 * r.bytes) / sdk.bytes).toFixed(0)} % |`,
  ),
].join("\n");
const npmVersion = sh("npm", ["--version"], root).trim();
writeFileSync(
  join(root, "docs", "install-sizes.md"),
  `# Install sizes

What \`npm install <package>\` puts in \`node_modules\`: the package itself and all its runtime
dependencies. "installed" sums the sizes of the files (as npm's unpackedSize counts them); "on
disk" is what \`du\` reports on this machine's file system (4 KiB blocks, so many small files
cost more), measured by \`pnpm sizes\`
(\`scripts/install-sizes.mjs\`) with npm ${npmVersion} on Node.js ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}.
Our packages are packed exactly as \`pnpm publish\` would pack them (dist/, the TypeScript sources
the source maps point to, README, LICENSE).

${table}
`,
);
// Keep the written file as Biome would format it, so `pnpm lint` stays clean after a re-run.
sh(
  join(root, "node_modules", ".bin", "biome"),
  ["format", "--write", "docs/install-sizes.md"],
  root,
);
console.log(table);
