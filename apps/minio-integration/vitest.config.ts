import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // The pinned @aws-sdk/client-s3 works on Node 20 (our engines); its notice about later
    // versions needing Node 22 is noise in this suite's output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
