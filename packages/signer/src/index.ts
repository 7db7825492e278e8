export { SigningError } from "./errors.js";
export type { SignableRequest, SignedRequest } from "./request.js";
export { type SigV4Options, type SigV4Request, signSigV4 } from "./sign-sigv4.js";
export {
  MAX_PRESIGN_EXPIRY_SECONDS,
  S3Signer,
  type S3SignerOptions,
  type S3SigningService,
  type SigningOptions,
} from "./signer.js";
export type { SigningCredentialProvider, SigningCredentials } from "./signing-credentials.js";
export { EMPTY_SHA256, UNSIGNED_PAYLOAD } from "./sigv4.js";
