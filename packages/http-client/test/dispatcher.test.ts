import type { LookupAddress } from "node:dns";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { ClientOptions } from "@objstore/config-keys";
import { describe, expect, it } from "vitest";
import { Dispatchers, shuffledLookup } from "../src/dispatcher.js";

describe("Dispatchers", () => {
  it("loads undici's agents and request API, not its index with every other feature", async () => {
    const dispatchers = new Dispatchers({} as ClientOptions, undefined);
    await dispatchers.load();
    expect(typeof dispatchers.for(new URL("http://127.0.0.1:9/")).request).toBe("function");
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded).toContainEqual(expect.stringContaining(join("undici", "lib", "api")));
    expect(loaded.filter((f) => f.endsWith(join("undici", "index.js")))).toEqual([]);
    await dispatchers.close();
  });
});

describe("shuffledLookup", () => {
  it("answers like dns.lookup, with every address when asked for all", async () => {
    const all = await new Promise<LookupAddress[]>((resolve, reject) =>
      shuffledLookup("localhost", { all: true }, (err, addresses) =>
        err ? reject(err) : resolve(addresses as unknown as LookupAddress[]),
      ),
    );
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((a) => a.address === "127.0.0.1" || a.address === "::1")).toBe(true);
    const one = await new Promise<string>((resolve, reject) =>
      shuffledLookup("localhost", {}, (err, address) =>
        err ? reject(err) : resolve(address as string),
      ),
    );
    expect(all.map((a) => a.address)).toContain(one);
  });

  it("passes DNS failures on", async () => {
    const err = await new Promise((resolve) =>
      shuffledLookup("no-such-host.invalid", {}, (e) => resolve(e)),
    );
    expect((err as NodeJS.ErrnoException).code).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});
