import { describe, expect, it } from "vitest";
import { isSecretConfigKey, REDACTED, redactConfig, redactUrl } from "../src/index.js";

describe("redaction", () => {
  it("marks exactly the secret keys", () => {
    for (const key of [
      "secret_access_key",
      "session_token",
      "sse_customer_key_base64",
      "container_authorization_token",
    ]) {
      expect(isSecretConfigKey(key)).toBe(true);
    }
    for (const key of ["access_key_id", "region", "bucket", "role_arn"])
      expect(isSecretConfigKey(key)).toBe(false);
  });

  it("replaces secrets and URL credentials, keeps the rest", () => {
    const redacted = redactConfig({
      access_key_id: "AKIA1",
      secret_access_key: "very-secret",
      session_token: "tok",
      proxy_url: "http://alice:pw@proxy:3128",
      endpoint: "http://127.0.0.1:9000",
      region: undefined,
    });
    expect(redacted).toEqual({
      access_key_id: "AKIA1",
      secret_access_key: REDACTED,
      session_token: REDACTED,
      proxy_url: "http://***:***@proxy:3128/",
      endpoint: "http://127.0.0.1:9000",
    });
    expect(JSON.stringify(redacted)).not.toMatch(/very-secret|tok"|alice|pw@/);
  });

  it("hides presigned URL signatures, credentials and tokens", () => {
    const url =
      "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20240101&X-Amz-Signature=abcdef&X-Amz-Security-Token=tok&x-id=GetObject";
    const out = redactUrl(url);
    expect(out).not.toMatch(/abcdef|tok&|AKIA/);
    expect(out).toContain("X-Amz-Algorithm=AWS4-HMAC-SHA256");
    expect(out).toContain("x-id=GetObject");
  });

  it("hides unparseable values that may hold credentials", () => {
    expect(redactUrl("user:pw@host")).toBe(REDACTED);
    expect(redactUrl("not a url")).toBe("not a url");
  });
});
