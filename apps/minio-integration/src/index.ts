export { BucketAdmin, type OpenUpload } from "./bucket-admin.js";
export { type S3ServerAddress, serverFromEnv } from "./server-env.js";
