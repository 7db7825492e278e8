export { contentBytes, contentSha256, contentStream, sha256 } from "./content.js";
export {
  FAULT_KINDS,
  type FaultKind,
  type FaultProxy,
  type FaultProxyOptions,
  type FaultProxyStats,
  type ProxiedCall,
  type ScheduledFault,
  startFaultProxy,
} from "./fault-proxy.js";
export { openFileDescriptors, sampleRss } from "./process-resources.js";
export { type S3Operation, s3Operation } from "./s3-operation.js";
export { hashSeed, SeededRandom } from "./seeded-random.js";
export {
  isTypedError,
  Mismatch,
  runWorkload,
  type VerifyReport,
  verifyStore,
  WorkloadModel,
  type WorkloadOp,
  type WorkloadOptions,
  type WorkloadReport,
} from "./workload.js";
