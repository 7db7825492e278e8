#!/usr/bin/env node
// Rewrites a package's dist/index.js (after `tsc -b`) as one ES module holding all of the
// package's own modules. Node pays a resolve, a file read and a compile for every module it
// loads, so importing `@objstore/s3-store` as ~60 separate files cost more CPU than the code in
// them; one file per package cut its cold start from about 50 to 20 ms of CPU.
//
// Other packages (`@objstore/*` included) stay imports: a class such as `ConfigError` must be one
// class for every package that throws or checks it. The per-module files tsc writes stay in dist/
// beside their declarations, unused at run time. The bundle is built from src/, not from tsc's
// dist/index.js, because an incremental `tsc -b` leaves an earlier bundle in that file; its
// source map points at src/, which ships in the tarball.
//
// Usage, from a package folder: node ../../scripts/bundle-entry.mjs
import { build } from "esbuild";

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
