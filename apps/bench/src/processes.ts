import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A script of this app's build, by file name (`worker.js`…). */
export function script(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}

/**
 * Runs `node <script> args…` as a child process, sends it `input` over IPC if given, and resolves
 * with the first message it sends back; rejects if it exits without one.
 *
 * @example
 * ```ts
 * const result = await runChild<{ cpuMs: number }>(script("cold-start.js"), ["objstore"]);
 * ```
 */
export function runChild<T>(
  path: string,
  args: string[],
  execArgv: string[] = [],
  input?: unknown,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(path, args, {
      execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      // The SDK warns once per process that it will want Node 22 from 2027: noise in the table.
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    // Sent over IPC rather than argv: a job can hold a real server's secret key, and argv is
    // visible to every user of the machine.
    if (input !== undefined) child.send(input as object);
    let answered = false;
    child.once("message", (message) => {
      answered = true;
      resolve(message as T);
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (!answered)
        reject(new Error(`${path} ${args[0] ?? ""} exited (${signal ?? code}) without a result`));
    });
  });
}

/** The null S3 server in its own process, and how to stop it. */
export async function startNullServerProcess(
  listKeys: number,
): Promise<{ port: number; stop: () => void }> {
  const child = fork(script("null-server-main.js"), [String(listKeys)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { port: number }).port));
    child.once("exit", (code) =>
      reject(new Error(`null server exited (${code}) before listening`)),
    );
  });
  return { port, stop: () => child.kill() };
}
