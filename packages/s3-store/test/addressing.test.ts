import { describe, expect, it } from "vitest";
import { Addressing } from "../src/addressing.js";

const base = { bucket: "bkt", region: "eu-west-1", virtualHostedStyle: false, s3Express: false };

describe("Addressing", () => {
  it.each([
    [
      base,
      "https://s3.eu-west-1.amazonaws.com/bkt/a%20b/c.txt",
      "https://s3.eu-west-1.amazonaws.com/bkt?list-type=2",
    ],
    [
      { ...base, virtualHostedStyle: true },
      "https://bkt.s3.eu-west-1.amazonaws.com/a%20b/c.txt",
      "https://bkt.s3.eu-west-1.amazonaws.com/?list-type=2",
    ],
    [
      { ...base, endpoint: "http://127.0.0.1:9000" },
      "http://127.0.0.1:9000/bkt/a%20b/c.txt",
      "http://127.0.0.1:9000/bkt?list-type=2",
    ],
    [
      { ...base, endpoint: "http://localhost:7480/", virtualHostedStyle: true },
      "http://bkt.localhost:7480/a%20b/c.txt",
      "http://bkt.localhost:7480/?list-type=2",
    ],
    [
      { ...base, endpoint: "https://proxy.example.com/s3" },
      "https://proxy.example.com/s3/bkt/a%20b/c.txt",
      "https://proxy.example.com/s3/bkt?list-type=2",
    ],
    [
      { ...base, bucket: "data--euw1-az1--x-s3", s3Express: true },
      "https://data--euw1-az1--x-s3.s3express-euw1-az1.eu-west-1.amazonaws.com/a%20b/c.txt",
      "https://data--euw1-az1--x-s3.s3express-euw1-az1.eu-west-1.amazonaws.com/?list-type=2",
    ],
  ])("%o", (options, objectUrl, bucketUrl) => {
    const a = new Addressing(options);
    expect(a.url("a b/c.txt").toString()).toBe(objectUrl);
    expect(a.url(undefined, { "list-type": "2" }).toString()).toBe(bucketUrl);
  });
});
