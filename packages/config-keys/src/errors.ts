/**
 * A configuration key or value was rejected.
 *
 * The message names the key (as the user spelled it), the value (shown as `***` for secrets) and
 * what would be accepted. For unknown keys, `suggestion` holds the nearest valid key.
 *
 * @example
 * ```ts
 * try {
 *   parseS3Config({ acess_key_id: "AKIA..." });
 * } catch (err) {
 *   if (err instanceof ConfigError) console.error(err.key, err.suggestion); // "acess_key_id" "access_key_id"
 * }
 * ```
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  /** The key as the caller spelled it (or the environment variable name). */
  readonly key: string | undefined;
  /** The offending value, already redacted when the key holds a secret. */
  readonly value: string | undefined;
  /** The closest valid key, for unknown keys. */
  readonly suggestion: string | undefined;

  constructor(
    message: string,
    details: { key?: string; value?: string; suggestion?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.key = details.key;
    this.value = details.value;
    this.suggestion = details.suggestion;
  }
}
