import { describe, expect, it } from "vitest";
import {
  DeleteError,
  errorFromResponse,
  NotFoundError,
  NotModifiedError,
  ObjectStoreError,
  PermissionDeniedError,
  PreconditionError,
  UnauthenticatedError,
} from "../src/errors.js";

describe("error mapping", () => {
  it.each([
    [404, "NoSuchKey", NotFoundError],
    [404, undefined, NotFoundError],
    [404, "NoSuchBucket", NotFoundError],
    [304, undefined, NotModifiedError],
    [412, "PreconditionFailed", PreconditionError],
    [409, "ConditionalRequestConflict", PreconditionError],
    [403, "AccessDenied", PermissionDeniedError],
    [403, "SignatureDoesNotMatch", UnauthenticatedError],
    [403, "InvalidAccessKeyId", UnauthenticatedError],
    [403, "RequestTimeTooSkewed", UnauthenticatedError],
    [400, "ExpiredToken", UnauthenticatedError],
    [401, undefined, UnauthenticatedError],
    [500, "InternalError", ObjectStoreError],
    [409, "BucketNotEmpty", ObjectStoreError],
  ])("%i %s -> %o", (status, code, Class) => {
    const err = errorFromResponse({
      operation: "get",
      path: "a",
      status,
      ...(code ? { code } : {}),
    });
    expect(err).toBeInstanceOf(Class);
    expect(err.constructor).toBe(Class);
    expect(err).toMatchObject({ status, operation: "get", path: "a", ...(code ? { code } : {}) });
  });

  it("writes what failed, where, why and the request id", () => {
    const err = errorFromResponse({
      operation: "put",
      path: "data/a.parquet",
      status: 412,
      code: "PreconditionFailed",
      requestId: "tx00abc",
      detail: 'with If-Match "abc"',
    });
    expect(err.message).toBe(
      'put "data/a.parquet" with If-Match "abc" failed: the precondition did not hold: the object changed (412 PreconditionFailed, request id tx00abc)',
    );
    expect(err.name).toBe("PreconditionError");
  });

  it("lists per-key delete failures", () => {
    const err = new DeleteError([
      { path: "a", code: "AccessDenied", message: "Access Denied" },
      { path: "b", code: "InternalError", message: "" },
    ]);
    expect(err.message).toBe(
      'delete failed for 2 path(s): "a" (AccessDenied: Access Denied), "b" (InternalError)',
    );
    expect(err.failures).toHaveLength(2);
  });
});
