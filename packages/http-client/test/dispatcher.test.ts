import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { shuffledLookup } from "../src/dispatcher.js";

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
