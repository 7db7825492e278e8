export { s3ServerSetup as setup, s3ServerTeardown as teardown } from "@objstore/testkit";
