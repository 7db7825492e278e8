import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { NodeSha256 } from "../src/index.js";
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

// The generic suite canonicalises paths the way every service but S3 does (normalised and
// double-encoded) and signs no x-amz-content-sha256, so it runs on the SigV4 core with our
// node:crypto hash; the S3 rules are checked against S3's own examples in signer.test.ts.
describe("AWS SigV4 test suite with the node:crypto hash", () => {
  const signer = new SignatureV4({
    service: suite.service,
    region: suite.region,
    credentials: { accessKeyId: suite.accessKeyId, secretAccessKey: suite.secretAccessKey },
    sha256: NodeSha256,
    applyChecksum: false,
  });

  for (const c of suite.cases) {
    it(c.name, async () => {
      const signed = await signer.sign(
        {
          method: c.method,
          protocol: "https:",
          hostname: "example.amazonaws.com",
          path: c.path,
          query: c.query,
          headers: { ...c.headers },
          ...(c.body === undefined ? {} : { body: c.body }),
        },
        { signingDate: new Date(suite.signingDate) },
      );
      expect(signed.headers.authorization).toBe(c.authorization);
    });
  }
});
