import { serverEnv, startS3Server } from "@objstore/testkit";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    s3: Record<string, string>;
  }
}

// One real S3 server for the whole run: the one `npm test` started (S3_TEST_*), else our own.
let stop: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const server = await startS3Server();
  stop = () => server.stop();
  project.provide("s3", serverEnv(server));
}

export async function teardown(): Promise<void> {
  await stop?.();
}
