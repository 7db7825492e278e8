import { staticProvider } from "@objstore/credentials";
import { describe, expect, it } from "vitest";
import { objectUrl, signedFetch } from "../src/sign-for-fetch.mjs";
import { testServer, useBucket } from "./support/s3.js";

const example = useBucket();

describe("sign-for-fetch.mjs", () => {
  it("puts and gets an object with plain fetch, seen by S3Store too", async () => {
    const s = testServer();
    const s3fetch = signedFetch({
      region: s.region,
      credentials: staticProvider({
        accessKeyId: s.accessKeyId,
        secretAccessKey: s.secretAccessKey,
      }),
    });
    const url = objectUrl(s.endpoint, example.bucket, "dir/naïve key+1.txt");
    const put = await s3fetch(url, {
      method: "PUT",
      headers: { "content-type": "text/plain" },
      body: "signed by @objstore/signer",
    });
    expect(put.status).toBe(200);
    const get = await s3fetch(url);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe("signed by @objstore/signer");
    const got = await example.store.get("dir/naïve key+1.txt");
    expect(got.attributes.contentType).toBe("text/plain");
    expect(await got.text()).toBe("signed by @objstore/signer");
  });

  it("is rejected by the server with the wrong secret", async () => {
    const s = testServer();
    const s3fetch = signedFetch({
      region: s.region,
      credentials: staticProvider({ accessKeyId: s.accessKeyId, secretAccessKey: "wrong-secret" }),
    });
    const res = await s3fetch(objectUrl(s.endpoint, example.bucket, "nope.txt"), {
      method: "PUT",
      body: "x",
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("SignatureDoesNotMatch");
  });
});
