export { SigningError } from "./errors.js";
export { NodeSha256 } from "./sha256.js";
export {
  MAX_PRESIGN_EXPIRY_SECONDS,
  S3Signer,
  type S3SignerOptions,
  type S3SigningService,
  type SignableRequest,
  type SignedRequest,
  type SigningOptions,
  UNSIGNED_PAYLOAD,
} from "./signer.js";
