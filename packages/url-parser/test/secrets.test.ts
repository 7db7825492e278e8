import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { parseS3Url, UrlParseError } from "../src/index.js";

function refusal(url: string): UrlParseError {
  try {
    parseS3Url(url);
  } catch (err) {
    if (err instanceof UrlParseError) return err;
    throw err;
  }
  throw new Error(`expected ${url} to be refused`);
}

function everythingPrinted(err: UrlParseError): string {
  return [
    err.message,
    err.url,
    inspect(err, { depth: 5 }),
    JSON.stringify(err),
    String(err.stack),
  ].join("\n");
}

describe("UrlParseError keeps secrets out", () => {
  it.each([
    [
      "https://AKIAUSERNAME:S3cr3tPassw0rd@s3.us-east-1.amazonaws.com/bucket/x",
      "https://***:***@s3.us-east-1.amazonaws.com/bucket/x",
    ],
    [
      "http://AKIAUSERNAME:S3cr3tPassw0rd@127.0.0.1:9000/bucket",
      "http://***:***@127.0.0.1:9000/bucket",
    ],
    ["s3://AKIAUSERNAME:S3cr3tPassw0rd@bucket/x", "s3://***:***@bucket/x"],
    ["s3://AKIAUSERNAME@bucket/x", "s3://***@bucket/x"],
    ["https://:S3cr3tPassw0rd@host/bucket", "https://:***@host/bucket"],
  ])("refuses credentials in %s", (url, shown) => {
    const err = refusal(url);
    expect(err.reason).toBe("credentials-in-url");
    expect(err.url).toBe(shown);
    expect(err.message).toMatch(
      /credentials in a URL are refused.*access_key_id and secret_access_key in config/,
    );
    const printed = everythingPrinted(err);
    expect(printed).not.toContain("S3cr3tPassw0rd");
    expect(printed).not.toContain("AKIAUSERNAME");
  });

  it("hides credentials even when another check fails first", () => {
    const err = refusal("ftp://AKIAUSERNAME:S3cr3tPassw0rd@host/x");
    expect(err.reason).toBe("unsupported-scheme");
    expect(err.url).toBe("ftp://***:***@host/x");
    expect(everythingPrinted(err)).not.toMatch(/AKIAUSERNAME|S3cr3tPassw0rd/);
  });

  it("hides what looks like credentials in an unparseable URL", () => {
    // "#" in the password ends the authority early, so the URL does not parse at all.
    const err = refusal("https://AKIAUSERNAME:S3cr#tPassw0rd@host/bucket");
    expect(err.reason).toBe("unparseable");
    expect(err.url).toBe("https://***@host/bucket");
    expect(everythingPrinted(err)).not.toMatch(/AKIAUSERNAME|S3cr|tPassw0rd/);
  });

  it("hides query strings, where presigned URLs carry their signature", () => {
    const err = refusal(
      "https://bucket.s3.us-east-1.amazonaws.com/key?X-Amz-Signature=deadbeefsig&X-Amz-Security-Token=tok3n",
    );
    expect(err.reason).toBe("query-or-fragment");
    expect(err.url).toBe("https://bucket.s3.us-east-1.amazonaws.com/key?***");
    expect(everythingPrinted(err)).not.toMatch(/deadbeefsig|tok3n/);
  });

  it("hides fragments", () => {
    const err = refusal("s3://bucket/key#token=tok3n");
    expect(err.url).toBe("s3://bucket/key#***");
    expect(everythingPrinted(err)).not.toContain("tok3n");
  });

  it("keeps control characters and floods out of the message", () => {
    const err = refusal(`s3://bucket/x\nforged log line${"a".repeat(1000)}`);
    expect(err.message).not.toContain("\n");
    expect(err.url.length).toBeLessThanOrEqual(257);
    expect(err.url.endsWith("…")).toBe(true);
  });

  it("is an Error with a cause for invalid buckets", () => {
    const err = refusal("s3://Bad_Bucket/x");
    expect(err).toBeInstanceOf(Error);
    expect(err.cause).toBeInstanceOf(Error);
    expect((err.cause as Error).name).toBe("ConfigError");
  });
});
