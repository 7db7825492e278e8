import { s3ServerSetup } from "@objstore/testkit";
import type { TestProject } from "vitest/node";

export { s3ServerTeardown as teardown } from "@objstore/testkit";

export async function setup(project: TestProject): Promise<void> {
  const server = await s3ServerSetup(project);
  const missing = Object.entries(server.capabilities).flatMap(([name, has]) => (has ? [] : name));
  console.log(
    `integration server: ${server.kind} at ${server.endpoint}; capabilities missing: ${missing.join(", ") || "none"}`,
  );
}
