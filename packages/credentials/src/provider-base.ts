import { inspectCustom } from "@objstore/config-keys";
import type { CredentialProvider, Credentials } from "./types.js";

/**
 * Common ground of the built-in providers: they keep their settings in private fields and print
 * as their name plus the non-secret settings `describe()` picks, so a provider can be logged.
 */
export abstract class BaseProvider implements CredentialProvider {
  /** The source name used in errors and chain reports, e.g. `"instance metadata"`. */
  abstract readonly source: string;

  abstract getCredentials(signal?: AbortSignal): Promise<Credentials>;

  /** Non-secret settings to show when printed. */
  protected describe(): Record<string, string | boolean | undefined> {
    return {};
  }

  toJSON(): Record<string, unknown> {
    const details = Object.fromEntries(
      Object.entries(this.describe()).filter(([, v]) => v !== undefined),
    );
    return { provider: this.source, ...details };
  }

  toString(): string {
    const details = Object.entries(this.toJSON())
      .filter(([k]) => k !== "provider")
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
    return `CredentialProvider(${this.source}${details.length ? `; ${details.join(", ")}` : ""})`;
  }

  [inspectCustom](): string {
    return this.toString();
  }
}
