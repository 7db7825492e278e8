import { describe, expect, it } from "vitest";
import {
  classifyFailure,
  defaultIdempotent,
  errorCodeOf,
  isRetryable400Body,
  isRetryableErrorBody,
  isRetryableStatus,
} from "../src/retry-policy.js";

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe("classifyFailure", () => {
  it.each([
    ["ECONNREFUSED", "connect"],
    ["ENOTFOUND", "connect"],
    ["EAI_AGAIN", "connect"],
    ["UND_ERR_CONNECT_TIMEOUT", "connect"],
    ["ECONNRESET", "reset"],
    ["EPIPE", "reset"],
    ["UND_ERR_SOCKET", "reset"],
    ["UND_ERR_RES_CONTENT_LENGTH_MISMATCH", "reset"],
    ["UND_ERR_HEADERS_TIMEOUT", "timeout"],
    ["UND_ERR_BODY_TIMEOUT", "timeout"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "tls"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "tls"],
    ["UND_ERR_INVALID_ARG", "fatal"],
  ])("%s is %s", (code, kind) => {
    expect(classifyFailure(withCode(code))).toBe(kind);
  });

  it("looks through wrapped causes", () => {
    expect(classifyFailure(new Error("wrapper", { cause: withCode("ECONNREFUSED") }))).toBe(
      "connect",
    );
    expect(classifyFailure("not an error")).toBe("fatal");
  });
});

describe("status rules", () => {
  it("retries 408, 429 and 5xx only", () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 204, 304, 400, 401, 403, 404, 409, 412].some(isRetryableStatus)).toBe(false);
  });

  it("treats GET, HEAD, OPTIONS and TRACE as idempotent by default", () => {
    expect(["GET", "HEAD", "OPTIONS", "TRACE"].every(defaultIdempotent)).toBe(true);
    expect(["PUT", "POST", "DELETE", "PATCH"].some(defaultIdempotent)).toBe(false);
  });
});

describe("error bodies", () => {
  const doc = (code: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>m</Message></Error>`;

  it("reads the code of an S3 <Error> document", () => {
    expect(errorCodeOf(doc("SlowDown"))).toBe("SlowDown");
    expect(errorCodeOf("<CompleteMultipartUploadResult><Code>x</Code>")).toBeUndefined();
  });

  it("retries InternalError and SlowDown in a 2xx, not other codes or results", () => {
    expect(isRetryableErrorBody(doc("InternalError"))).toBe(true);
    expect(isRetryableErrorBody(doc("SlowDown"))).toBe(true);
    expect(isRetryableErrorBody(doc("AccessDenied"))).toBe(false);
    expect(isRetryableErrorBody("<CopyObjectResult><ETag>x</ETag></CopyObjectResult>")).toBe(false);
  });

  it("retries throttling and RequestTimeout codes in a 400", () => {
    expect(isRetryable400Body(doc("RequestTimeout"))).toBe(true);
    expect(isRetryable400Body(doc("Throttling"))).toBe(true);
    expect(isRetryable400Body(doc("InvalidArgument"))).toBe(false);
  });
});
