import { createRequire } from "node:module";

// package.json sits one level above both src/ (tests) and dist/ (published), and npm always
// ships it, so reading it at load time gives the installed version without a build step.
const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

/**
 * The default `User-Agent` of every request: `objstore/<version of @objstore/http-client>`.
 *
 * @example
 * ```ts
 * DEFAULT_USER_AGENT; // "objstore/0.1.0"
 * ```
 */
export const DEFAULT_USER_AGENT = `objstore/${version}`;
