/**
 * A request could not be signed: an out-of-range presign expiry, a method that cannot be
 * presigned, a URL that is not http(s), an invalid signing date, region or service, or
 * credentials that are missing a part. The message names the value at fault and never holds a
 * secret.
 *
 * @example
 * ```ts
 * try {
 *   await signer.presign({ method: "GET", url }, 8 * 24 * 3600);
 * } catch (err) {
 *   if (err instanceof SigningError) console.error(err.message); // "...between 1 and 604800 seconds..."
 * }
 * ```
 */
export class SigningError extends Error {
  override readonly name = "SigningError";
}
