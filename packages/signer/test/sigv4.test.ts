import { inspect } from "node:util";
import aws4 from "aws4";
import { describe, expect, it } from "vitest";
import { SigningError, signSigV4, UNSIGNED_PAYLOAD } from "../src/index.js";

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/SECRET" };
const date = new Date("2024-03-01T12:34:56Z");
const stsUrl = "https://sts.eu-west-1.amazonaws.com/";
const form = "application/x-www-form-urlencoded; charset=utf-8";
const body = "Action=GetCallerIdentity&Version=2011-06-15";

const signedHeaderNames = (authorization: string | undefined) =>
  /SignedHeaders=([^,]+)/.exec(authorization ?? "")?.[1];

describe("signSigV4", () => {
  it("signs an STS POST as aws4 does", () => {
    const signed = signSigV4(
      {
        method: "post",
        url: stsUrl,
        headers: { "Content-Type": form, "Content-Length": String(body.length) },
        body,
      },
      { service: "sts", region: "eu-west-1", credentials, date },
    );
    const theirs = aws4.sign(
      {
        host: "sts.eu-west-1.amazonaws.com",
        method: "POST",
        path: "/",
        service: "sts",
        region: "eu-west-1",
        headers: {
          "Content-Type": form,
          "Content-Length": String(body.length),
          "X-Amz-Date": "20240301T123456Z",
        },
        body,
      },
      credentials,
    );
    expect(signed.method).toBe("POST");
    expect(signed.headers.authorization).toBe(theirs.headers?.Authorization);
    expect(signed.headers).toEqual({
      "content-type": form,
      "content-length": String(body.length),
      "x-amz-date": "20240301T123456Z",
      authorization: signed.headers.authorization,
    });
    expect(signed.url.href).toBe(stsUrl);
  });

  it("sends a session token in x-amz-security-token, or in the header asked for", () => {
    const withToken = { ...credentials, sessionToken: "TOKEN" };
    const plain = signSigV4(
      { method: "GET", url: stsUrl },
      { service: "sts", region: "eu-west-1", credentials: withToken, date },
    );
    expect(plain.headers["x-amz-security-token"]).toBe("TOKEN");
    expect(signedHeaderNames(plain.headers.authorization)).toBe(
      "host;x-amz-date;x-amz-security-token",
    );
    const custom = signSigV4(
      { method: "GET", url: stsUrl },
      {
        service: "s3express",
        region: "eu-west-1",
        credentials: withToken,
        date,
        sessionTokenHeader: "X-Amz-S3session-Token",
      },
    );
    expect(custom.headers["x-amz-s3session-token"]).toBe("TOKEN");
    expect(custom.headers["x-amz-security-token"]).toBeUndefined();
  });

  it("signs the payload hash given, else x-amz-content-sha256, else the body's hash", () => {
    const sign = (headers: Record<string, string>, payloadHash?: string) =>
      signSigV4(
        { method: "PUT", url: "https://b.s3.amazonaws.com/k", headers, body: "abc" },
        { service: "s3", region: "us-east-1", credentials, date, payloadHash },
      ).headers.authorization;
    const bodyHash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    expect(sign({})).toBe(sign({}, bodyHash));
    expect(sign({ "x-amz-content-sha256": UNSIGNED_PAYLOAD })).toBe(
      sign({ "x-amz-content-sha256": UNSIGNED_PAYLOAD }, UNSIGNED_PAYLOAD),
    );
    expect(sign({})).not.toBe(sign({}, UNSIGNED_PAYLOAD));
  });

  it("drops stale authorization, x-amz-date and date headers, keeps a given host", () => {
    const signed = signSigV4(
      {
        method: "GET",
        url: stsUrl,
        headers: {
          Authorization: "stale",
          "X-Amz-Date": "19990101T000000Z",
          Date: "Fri, 01 Jan 1999 00:00:00 GMT",
          Host: "sts.eu-west-1.amazonaws.com",
        },
      },
      { service: "sts", region: "eu-west-1", credentials, date },
    );
    expect(Object.keys(signed.headers).sort()).toEqual(["authorization", "host", "x-amz-date"]);
    expect(signed.headers["x-amz-date"]).toBe("20240301T123456Z");
  });

  it("leaves headers that proxies rewrite unsigned", () => {
    const signed = signSigV4(
      {
        method: "GET",
        url: stsUrl,
        headers: {
          "User-Agent": "x",
          "proxy-authorization": "p",
          "sec-fetch-mode": "cors",
          te: "t",
        },
      },
      { service: "sts", region: "eu-west-1", credentials, date },
    );
    expect(signedHeaderNames(signed.headers.authorization)).toBe("host;x-amz-date");
    expect(signed.headers["user-agent"]).toBe("x");
  });

  it("does not touch the caller's URL", () => {
    const url = new URL("https://b.s3.amazonaws.com/a!b?z=1&a=2");
    const signed = signSigV4(
      { method: "GET", url },
      { service: "s3", region: "us-east-1", credentials, date },
    );
    expect(url.href).toBe("https://b.s3.amazonaws.com/a!b?z=1&a=2");
    expect(signed.url.href).toBe("https://b.s3.amazonaws.com/a%21b?a=2&z=1");
  });

  it.each([
    [{ region: "eu west" }, /invalid signing region "eu west"/],
    [{ service: "" }, /invalid signing service ""/],
    [{ credentials: { accessKeyId: "AKID", secretAccessKey: "" } }, /no usable credentials/],
    [{ date: new Date(Number.NaN) }, /not a valid date/],
  ])("rejects bad options %#", (bad, message) => {
    const sign = () =>
      signSigV4(
        { method: "GET", url: stsUrl },
        { service: "sts", region: "eu-west-1", credentials, date, ...bad },
      );
    expect(sign).toThrow(SigningError);
    expect(sign).toThrow(message);
  });

  it("never shows the secret or the token in an error", () => {
    const secretive = { accessKeyId: "", secretAccessKey: "TOPSECRET", sessionToken: "TOKEN-XYZ" };
    let caught: unknown;
    try {
      signSigV4(
        { method: "GET", url: stsUrl },
        { service: "sts", region: "eu-west-1", credentials: secretive },
      );
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SigningError);
    const shown = `${String(caught)} ${inspect(caught, { depth: 5 })}`;
    expect(shown).not.toContain("TOPSECRET");
    expect(shown).not.toContain("TOKEN-XYZ");
  });
});
