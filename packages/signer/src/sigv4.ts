import { createHash } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { NodeSha256 } from "./sha256.js";

type Init = Omit<ConstructorParameters<typeof SignatureV4>[0], "sha256">;

/**
 * Smithy's SigV4 with `node:crypto` hashing, also for the canonical-request hash: smithy's own
 * version copies the request into a Uint8Array and hex-encodes in JavaScript, a measurable share
 * of each signature.
 */
export class NodeSignatureV4 extends SignatureV4 {
  constructor(init: Init) {
    super({ ...init, sha256: NodeSha256 });
  }

  protected override async createStringToSign(
    longDate: string,
    credentialScope: string,
    canonicalRequest: string,
    algorithmIdentifier: string,
  ): Promise<string> {
    const hashed = createHash("sha256").update(canonicalRequest).digest("hex");
    return `${algorithmIdentifier}\n${longDate}\n${credentialScope}\n${hashed}`;
  }
}
