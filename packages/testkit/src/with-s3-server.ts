#!/usr/bin/env node
// Runs a command with a real S3 server up: `with-s3-server <command> [args…]`. The server is
// started (see startS3Server), its address exported as S3_TEST_* variables, and stopped when the
// command ends, whatever its outcome; the command's exit code is passed on.
import { spawn } from "node:child_process";
import { serverEnv, startS3Server } from "./s3-server.js";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: with-s3-server <command> [args…]");
  process.exit(2);
}
const server = await startS3Server();
console.log(`objstore test server: ${server.kind} at ${server.endpoint}`);
const child = spawn(command, args, {
  stdio: "inherit",
  env: { ...process.env, ...serverEnv(server) },
});
const stop = () => child.kill("SIGTERM");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
const code: number = await new Promise((resolve) =>
  child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))),
);
await server.stop();
process.exit(code);
