/** The SigV4 signers compared by `sign.js`: objstore's, smithy's with node:crypto, aws4fetch's. */
export const SIGNERS = ["objstore", "smithy+node-hash", "aws4fetch"] as const;
