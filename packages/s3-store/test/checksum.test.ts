import { describe, expect, it } from "vitest";
import { checksumBase64, md5Base64 } from "../src/checksum.js";

const check = Buffer.from("123456789");
const hex = (b64: string) => Buffer.from(b64, "base64").toString("hex");

describe("checksums", () => {
  it("match the published check values of each CRC", () => {
    expect(hex(checksumBase64("crc32", check))).toBe("cbf43926");
    expect(hex(checksumBase64("crc32c", check))).toBe("e3069283");
    expect(hex(checksumBase64("crc64nvme", check))).toBe("ae8b14860a799888");
    expect(hex(checksumBase64("sha256", check))).toBe(
      "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225",
    );
  });

  it("handle empty input", () => {
    expect(hex(checksumBase64("crc32c", new Uint8Array(0)))).toBe("00000000");
    expect(hex(checksumBase64("crc64nvme", new Uint8Array(0)))).toBe("0000000000000000");
    expect(md5Base64("")).toBe("1B2M2Y8AsgTpgAmY7PhCfg==");
  });
});
