import { describe, expect, it } from "vitest";
import { parseIni } from "../src/ini.js";

describe("parseIni", () => {
  it("reads sections, keys and values", () => {
    const ini = parseIni(`
# a comment
[default]
aws_access_key_id = AKID
AWS_Secret_Access_Key=abc/def+ghi==
; another comment

[profile dev]
region = eu-west-1   # inline comment
role_arn=arn:aws:iam::123:role/x
`);
    expect(Object.fromEntries(ini.get("default") ?? [])).toEqual({
      aws_access_key_id: "AKID",
      aws_secret_access_key: "abc/def+ghi==",
    });
    expect(Object.fromEntries(ini.get("profile dev") ?? [])).toEqual({
      region: "eu-west-1",
      role_arn: "arn:aws:iam::123:role/x",
    });
  });

  it("keeps # and ; inside values that are not preceded by whitespace", () => {
    const ini = parseIni("[a]\nsecret = ab#cd;ef\n");
    expect(ini.get("a")?.get("secret")).toBe("ab#cd;ef");
  });

  it("skips nested settings and handles CRLF", () => {
    const ini = parseIni(
      "[default]\r\ns3 =\r\n  max_concurrent_requests = 20\r\nregion = us-west-2\r\n",
    );
    expect(Object.fromEntries(ini.get("default") ?? [])).toEqual({ s3: "", region: "us-west-2" });
  });

  it("lets a later duplicate key win and merges repeated sections", () => {
    const ini = parseIni("[x]\na = 1\n[y]\nb = 2\n[x]\na = 3\nc = 4\n");
    expect(Object.fromEntries(ini.get("x") ?? [])).toEqual({ a: "3", c: "4" });
  });

  it("ignores keys before any section and lines without '='", () => {
    const ini = parseIni("orphan = 1\n[s]\njunk line\nk = v\n");
    expect([...ini.keys()]).toEqual(["s"]);
    expect(Object.fromEntries(ini.get("s") ?? [])).toEqual({ k: "v" });
  });
});
