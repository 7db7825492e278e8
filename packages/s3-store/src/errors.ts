/** What every objstore error can tell about the failed operation. */
export interface ObjectStoreErrorDetails {
  /** The operation, e.g. `"get"`, `"put"`, `"list"`. */
  operation?: string;
  /** The object path (as the caller gave it, without the store prefix). */
  path?: string;
  /** HTTP status of the failed response, when there was one. */
  status?: number;
  /** S3 error code (`NoSuchKey`, `PreconditionFailed`, …). */
  code?: string;
  /** S3 request id, for support tickets. */
  requestId?: string;
  /** The original error. */
  cause?: unknown;
}

/**
 * Base class of every error an `S3Store` operation throws (besides `ConfigError`).
 *
 * @example
 * ```ts
 * try { await store.get("missing.txt"); }
 * catch (err) { if (err instanceof NotFoundError) console.log(err.path, err.status); }
 * ```
 */
export class ObjectStoreError extends Error {
  override name = "ObjectStoreError";
  readonly operation: string | undefined;
  readonly path: string | undefined;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, details: ObjectStoreErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.operation = details.operation;
    this.path = details.path;
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
  }
}

/** The object (or bucket, or upload) does not exist: 404, `NoSuchKey`. */
export class NotFoundError extends ObjectStoreError {
  override name = "NotFoundError";
}
/** A create-mode put or a copy without overwrite found the key already there. */
export class AlreadyExistsError extends ObjectStoreError {
  override name = "AlreadyExistsError";
}
/** A condition (`If-Match`, `If-Unmodified-Since`, …) did not hold: 412, or S3's 409 conflict. */
export class PreconditionError extends ObjectStoreError {
  override name = "PreconditionError";
}
/** `If-None-Match` / `If-Modified-Since` matched: 304. */
export class NotModifiedError extends ObjectStoreError {
  override name = "NotModifiedError";
}
/** The credentials are valid but not allowed to do this: 403. */
export class PermissionDeniedError extends ObjectStoreError {
  override name = "PermissionDeniedError";
}
/** The request was not authenticated: 401, or a signature/key the server rejects. */
export class UnauthenticatedError extends ObjectStoreError {
  override name = "UnauthenticatedError";
}
/** The path breaks the path rules (empty segment, `..`, control character, too long). */
export class InvalidPathError extends ObjectStoreError {
  override name = "InvalidPathError";
}
/** The operation cannot be done with this store's configuration or server. */
export class NotSupportedError extends ObjectStoreError {
  override name = "NotSupportedError";
}

/** One key a bulk delete could not remove. */
export interface DeleteFailure {
  path: string;
  code: string;
  message: string;
}

/** Some paths of a delete could not be removed; `failures` lists each with S3's code. */
export class DeleteError extends ObjectStoreError {
  override name = "DeleteError";
  constructor(readonly failures: DeleteFailure[]) {
    const shown = failures
      .slice(0, 10)
      .map((f) => `${JSON.stringify(f.path)} (${f.code}${f.message ? `: ${f.message}` : ""})`)
      .join(", ");
    const more = failures.length > 10 ? ` and ${failures.length - 10} more` : "";
    super(`delete failed for ${failures.length} path(s): ${shown}${more}`, {
      operation: "delete",
      ...(failures[0] ? { path: failures[0].path, code: failures[0].code } : {}),
    });
  }
}

/** What the store knows about a failed S3 response, for {@link errorFromResponse}. */
export interface FailedResponse {
  operation: string;
  path?: string;
  status: number;
  code?: string;
  message?: string;
  requestId?: string;
  /** Extra words after the path, e.g. `with If-Match "abc"`. */
  detail?: string;
}

// S3 answers 403 for these, but they mean "who are you?", not "you may not".
const UNAUTHENTICATED_CODES = new Set([
  "SignatureDoesNotMatch",
  "InvalidAccessKeyId",
  "ExpiredToken",
  "InvalidToken",
  "TokenRefreshRequired",
  "RequestTimeTooSkewed",
  "MissingSecurityHeader",
  "AuthorizationHeaderMalformed",
  "AuthorizationQueryParametersError",
]);

type ErrorClass = new (message: string, details: ObjectStoreErrorDetails) => ObjectStoreError;

function classify(status: number, code: string | undefined): [ErrorClass, string] {
  if (code && UNAUTHENTICATED_CODES.has(code))
    return [
      UnauthenticatedError,
      "the server rejected the credentials or signature; check the access key, secret and clock",
    ];
  if (status === 401) return [UnauthenticatedError, "not authenticated; check the credentials"];
  if (status === 403)
    return [
      PermissionDeniedError,
      "access denied; check the bucket policy and the credentials' permissions",
    ];
  if (
    status === 404 ||
    code === "NoSuchKey" ||
    code === "NoSuchBucket" ||
    code === "NoSuchUpload"
  ) {
    return [NotFoundError, code === "NoSuchBucket" ? "the bucket does not exist" : "not found"];
  }
  if (status === 304) return [NotModifiedError, "not modified"];
  if (status === 412 || code === "PreconditionFailed")
    return [PreconditionError, "the precondition did not hold: the object changed"];
  if (status === 409 && code === "ConditionalRequestConflict")
    return [PreconditionError, "a concurrent conditional write conflicted"];
  return [ObjectStoreError, "the server answered with an error"];
}

/**
 * Maps a failed response to the typed error of its status and S3 code, with a message that
 * says what failed, on what, and why.
 */
export function errorFromResponse(
  failed: FailedResponse,
  override?: [ErrorClass, string],
): ObjectStoreError {
  const [Class, reason] = override ?? classify(failed.status, failed.code);
  const where = failed.path === undefined ? "" : ` ${JSON.stringify(failed.path)}`;
  const detail = failed.detail ? ` ${failed.detail}` : "";
  const server = failed.message ? `; ${failed.message}` : "";
  const codes = [String(failed.status), failed.code].filter(Boolean).join(" ");
  const id = failed.requestId ? `, request id ${failed.requestId}` : "";
  return new Class(
    `${failed.operation}${where}${detail} failed: ${reason}${server} (${codes}${id})`,
    {
      operation: failed.operation,
      ...(failed.path === undefined ? {} : { path: failed.path }),
      status: failed.status,
      ...(failed.code ? { code: failed.code } : {}),
      ...(failed.requestId ? { requestId: failed.requestId } : {}),
    },
  );
}
