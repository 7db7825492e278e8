// Run by secrets.test.ts with NODE_DEBUG on: drives failing requests and prints every error the
// way a careless application would, so the test can search all output for secrets.
import { inspect } from "node:util";
import { S3Store } from "@objstore/s3-store";

const [endpoint, secret, token] = process.argv.slice(2);
const store = new S3Store({
  env: false,
  bucket: "debug-bucket",
  config: {
    endpoint,
    region: "us-east-1",
    access_key_id: "AKIADEBUG00000000001",
    secret_access_key: secret,
    session_token: token,
    allow_http: true,
  },
  retryConfig: { maxRetries: 1, backoff: { initBackoff: 5 } },
});
for (const op of [() => store.put("a", "b"), () => store.get("a"), () => store.list().collect()]) {
  try {
    await op();
  } catch (error) {
    console.error(error);
    console.error(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }));
    console.log(JSON.stringify(error, Object.getOwnPropertyNames(error)));
  }
}
console.log(store, JSON.stringify(store), `${store}`);
await store.close();
