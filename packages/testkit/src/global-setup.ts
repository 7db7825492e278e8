// Brings vitest into the program, so the augmentation below has a module to augment.
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import {
  type S3ServerCapabilities,
  type S3TestServer,
  serverEnv,
  startS3Server,
} from "./s3-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The `S3_TEST_*` address of the run's server (read it with `serverFromEnv`). */
    s3: Record<string, string>;
    capabilities: S3ServerCapabilities;
  }
}

// One real S3 server for the whole run: the one `npm test` started (S3_TEST_*), else our own.
let server: S3TestServer | undefined;

/**
 * A vitest global setup: starts (or reuses) the real S3 server and provides its address as
 * `inject("s3")` and its capabilities as `inject("capabilities")`. vitest wants a file path, so a
 * suite's setup file re-exports this and {@link s3ServerTeardown}.
 *
 * @example
 * ```ts
 * // test/support/global-setup.ts
 * export { s3ServerSetup as setup, s3ServerTeardown as teardown } from "@objstore/testkit";
 * ```
 */
export async function s3ServerSetup(project: TestProject): Promise<S3TestServer> {
  server = await startS3Server();
  project.provide("s3", serverEnv(server));
  project.provide("capabilities", server.capabilities);
  return server;
}

/**
 * Stops the server {@link s3ServerSetup} started (a server given by `S3_TEST_*` is left running).
 *
 * @example
 * ```ts
 * export { s3ServerSetup as setup, s3ServerTeardown as teardown } from "@objstore/testkit";
 * ```
 */
export async function s3ServerTeardown(): Promise<void> {
  await server?.stop();
  server = undefined;
}
