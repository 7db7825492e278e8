import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

/** Installed size of a package and everything it depends on at run time. */
export interface DependencySize {
  bytes: number;
  packages: number;
}

/**
 * Adds up the files of `names` and their transitive `dependencies` (each package counted once,
 * found the way Node's resolver would from the package that needs it). A workspace package
 * counts only what it would publish (`files` of its package.json), not its sources or tests.
 *
 * @example
 * ```ts
 * const { bytes } = dependencySize(["@aws-sdk/client-s3"], process.cwd());
 * ```
 */
export function dependencySize(names: string[], fromDir: string): DependencySize {
  const seen = new Set<string>();
  let bytes = 0;
  const visit = (name: string, from: string) => {
    const dir = locate(name, from);
    if (!dir || seen.has(dir)) return;
    seen.add(dir);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
      files?: string[];
    };
    bytes += dir.includes(`${"/"}node_modules${"/"}`)
      ? treeSize(dir)
      : publishedSize(dir, pkg.files);
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      visit(dep, dir);
    }
  };
  for (const name of names) visit(name, fromDir);
  return { bytes, packages: seen.size };
}

function locate(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

function treeSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules") continue;
    const path = join(dir, entry);
    const st = lstatSync(path);
    if (st.isDirectory()) total += treeSize(path);
    else if (st.isFile()) total += st.size;
  }
  return total;
}

function publishedSize(dir: string, files: string[] | undefined): number {
  let total = statSync(join(dir, "package.json")).size;
  for (const entry of files ?? []) {
    if (entry.startsWith("!")) continue;
    const path = join(dir, entry);
    if (!existsSync(path)) continue;
    total += lstatSync(path).isDirectory()
      ? treeSize(path) - buildInfoSize(path)
      : statSync(path).size;
  }
  return total;
}

function buildInfoSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
    if (entry.endsWith(".tsbuildinfo")) total += statSync(join(dir, entry)).size;
  }
  return total;
}
