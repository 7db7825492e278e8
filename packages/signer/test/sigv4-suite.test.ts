import { describe, expect, it } from "vitest";
import { uriEncode } from "../src/canonical-url.js";
import { signSigV4 } from "../src/index.js";
import suiteJson from "./fixtures/aws-sig-v4-test-suite.json" with { type: "json" };

interface SuiteCase {
  name: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
  authorization: string;
}
const suite = suiteJson as typeof suiteJson & { cases: SuiteCase[] };

// The suite's requests carry their paths and queries unencoded; they are sent percent-encoded
// once, which is what the URL holds. The suite signs no x-amz-content-sha256, so it runs on the
// service-generic signSigV4; the S3 rules are checked against S3's own examples in signer.test.ts.
describe("AWS SigV4 test suite on signSigV4", () => {
  for (const c of suite.cases) {
    it(c.name, () => {
      const search = Object.entries(c.query)
        .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
        .join("&");
      const signed = signSigV4(
        {
          method: c.method,
          url: `https://example.amazonaws.com${c.path}${search ? `?${search}` : ""}`,
          headers: c.headers,
          ...(c.body === undefined ? {} : { body: c.body }),
        },
        {
          service: suite.service,
          region: suite.region,
          credentials: { accessKeyId: suite.accessKeyId, secretAccessKey: suite.secretAccessKey },
          date: new Date(suite.signingDate),
        },
      );
      expect(signed.headers.authorization).toBe(c.authorization);
    });
  }
});
