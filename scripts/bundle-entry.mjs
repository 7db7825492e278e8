#!/usr/bin/env node
// Writes a package's run-time code, dist/index.js, as one ES module bundled from src/ (tsc only
// writes the declarations: `emitDeclarationOnly`). Node pays a resolve, a file read and a compile
// for every module it loads, so importing `@objstore/s3-store` as ~60 separate files cost more
// CPU than the code in them; one file per package cut its cold start from about 50 to 20 ms.
//
// Other packages (`@objstore/*` included) stay imports: a class such as `ConfigError` must be one
// class for every package that throws or checks it. The source map points at src/, which ships
// in the tarball. JavaScript files an older build left beside the bundle are removed, so dist/
// holds only what runs and what types it.
//
// Usage, from a package folder: node ../../scripts/bundle-entry.mjs
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

for (const entry of readdirSync("dist", { recursive: true, withFileTypes: true })) {
  const path = join(entry.parentPath, entry.name);
  if (
    entry.isFile() &&
    /\.js(\.map)?$/.test(entry.name) &&
    !/^dist\/index\.js(\.map)?$/.test(path)
  ) {
    rmSync(path);
  }
}

await build({
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.js",
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "es2022",
  sourcemap: true,
  sourcesContent: false,
  // esbuild turns a class that refers to itself into `var S3Store = class _S3Store`, which
  // would rename it for `constructor.name` and stack traces.
  keepNames: true,
  logLevel: "warning",
});
