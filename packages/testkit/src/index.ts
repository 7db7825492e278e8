export { BucketAdmin, type OpenUpload } from "./bucket-admin.js";
export {
  type Fault,
  type FaultServer,
  type FaultServerOptions,
  patternBytes,
  type RecordedRequest,
  sha256Hex,
  startFaultServer,
} from "./fault-server.js";
export { type ForwardProxy, startForwardProxy } from "./forward-proxy.js";
export { s3ServerSetup, s3ServerTeardown } from "./global-setup.js";
export {
  freePort,
  type S3ServerCapabilities,
  type S3TestServer,
  serverEnv,
  startS3Server,
} from "./s3-server.js";
export { type S3ServerAddress, serverFromEnv, storeConfig } from "./server-address.js";
export { TEST_CERTIFICATE, TEST_PRIVATE_KEY } from "./tls-fixture.js";
