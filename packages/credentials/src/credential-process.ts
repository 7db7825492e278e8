import { exec } from "node:child_process";
import { parseCredentialJson } from "./credential-json.js";
import { CredentialsError } from "./errors.js";
import type { Credentials } from "./types.js";

/** A `credential_process` gets this long to answer. */
const PROCESS_TIMEOUT_MS = 60_000;

function firstLine(text: string): string {
  const line = text.trim().split("\n")[0]?.trim() ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * Runs a profile's `credential_process` through the shell and reads its JSON
 * (`{ "Version": 1, AccessKeyId, SecretAccessKey, SessionToken?, Expiration? }`). Errors name the
 * exit status and the first line the process wrote to stderr, never the command line (it may
 * carry a secret) nor stdout (it holds the credentials).
 */
export function runCredentialProcess(
  command: string,
  source: string,
  signal?: AbortSignal,
): Promise<Credentials> {
  return new Promise((resolve, reject) => {
    exec(
      command,
      {
        timeout: PROCESS_TIMEOUT_MS,
        maxBuffer: 1024 * 1024,
        windowsHide: true,
        ...(signal ? { signal } : {}),
      },
      (error, stdout, stderr) => {
        if (error) {
          const how =
            error.killed || error.signal
              ? `was stopped (${error.signal ?? "timeout"})`
              : `exited with status ${error.code ?? "unknown"}`;
          const said = firstLine(String(stderr));
          reject(
            new CredentialsError(source, `credential_process ${how}${said ? `: ${said}` : ""}`),
          );
          return;
        }
        try {
          const version = /"Version"\s*:\s*(\d+)/.exec(String(stdout))?.[1];
          if (version !== "1")
            throw new CredentialsError(
              source,
              `credential_process output must have "Version": 1, got ${version ?? "none"}`,
            );
          resolve(parseCredentialJson(String(stdout), source, "the credential_process output"));
        } catch (err) {
          reject(err);
        }
      },
    );
  });
}
