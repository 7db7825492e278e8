import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { type Environment, envValue } from "./env.js";
import { CredentialsError } from "./errors.js";
import { parseIni } from "./ini.js";

/** One profile's settings, credentials file over config file. */
export type ProfileSettings = Map<string, string>;

/** Both shared files, parsed, keyed by profile name. */
export interface SharedProfiles {
  profiles: Map<string, ProfileSettings>;
  credentialsFile: string;
  configFile: string;
  /** Which of the two files exist. */
  found: { credentials: boolean; config: boolean };
}

/** Expands a leading `~` the way the AWS CLI does. */
export function expandHome(path: string, env: Environment): string {
  if (path !== "~" && !path.startsWith("~/") && !path.startsWith("~\\")) return path;
  const home = envValue(env, "HOME") ?? envValue(env, "USERPROFILE") ?? homedir();
  return join(home, path.slice(1));
}

/** `~/.aws/credentials` and `~/.aws/config`, or the files the environment points at. */
export function sharedFilePaths(
  env: Environment,
  overrides: { credentialsFile?: string | undefined; configFile?: string | undefined },
): { credentialsFile: string; configFile: string } {
  return {
    credentialsFile: expandHome(
      overrides.credentialsFile ??
        envValue(env, "AWS_SHARED_CREDENTIALS_FILE") ??
        "~/.aws/credentials",
      env,
    ),
    configFile: expandHome(
      overrides.configFile ?? envValue(env, "AWS_CONFIG_FILE") ?? "~/.aws/config",
      env,
    ),
  };
}

async function readOptional(path: string, source: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new CredentialsError(source, `cannot read ${path} (${code ?? "error"})`, { cause: err });
  }
}

/**
 * Reads both shared files afresh. In the config file a profile is `[profile name]` (the default
 * profile may be `[default]` or `[profile default]`); in the credentials file it is `[name]`.
 * Where both files set a key for one profile, the credentials file wins.
 */
export async function loadSharedProfiles(
  paths: { credentialsFile: string; configFile: string },
  source: string,
): Promise<SharedProfiles> {
  const [credentialsText, configText] = await Promise.all([
    readOptional(paths.credentialsFile, source),
    readOptional(paths.configFile, source),
  ]);
  const profiles = new Map<string, ProfileSettings>();
  const merge = (name: string, settings: Map<string, string>) => {
    const into = profiles.get(name) ?? new Map<string, string>();
    for (const [k, v] of settings) into.set(k, v);
    profiles.set(name, into);
  };
  for (const [section, settings] of parseIni(configText ?? "")) {
    const named = /^profile\s+(.+)$/.exec(section);
    if (named) merge((named[1] as string).trim(), settings);
    else if (section === "default") merge("default", settings);
  }
  for (const [section, settings] of parseIni(credentialsText ?? "")) merge(section, settings);
  return {
    profiles,
    ...paths,
    found: { credentials: credentialsText !== undefined, config: configText !== undefined },
  };
}
