import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type CredentialProvider,
  type Credentials,
  cachedProvider,
  createCredentials,
  staticProvider,
} from "../src/index.js";

const T0 = new Date("2024-06-01T00:00:00Z").getTime();
const MIN = 60_000;

/** A provider that counts fetches and hands out credentials expiring `lifeMs` after "now". */
function countingProvider(lifeMs: number | undefined) {
  const state = { calls: 0, fail: false };
  const provider: CredentialProvider = {
    async getCredentials(): Promise<Credentials> {
      state.calls++;
      await new Promise((r) => setTimeout(r, 5));
      if (state.fail) throw new Error("source is down");
      return createCredentials({
        accessKeyId: `KEY${state.calls}`,
        secretAccessKey: "SECRET",
        ...(lifeMs === undefined ? {} : { expiration: Date.now() + lifeMs }),
      });
    },
  };
  return { provider, state };
}

/** Gives a background refresh that should NOT start a chance to show itself. */
const settle = () => new Promise((r) => setTimeout(r, 50));
/** Waits (generously, for a busy machine) until the cache hands out `key`. */
const servesKey = (p: CredentialProvider, key: string) =>
  vi.waitFor(async () => expect((await p.getCredentials()).accessKeyId).toBe(key), {
    timeout: 5_000,
    interval: 10,
  });

describe("cachedProvider", () => {
  beforeEach(() => {
    // Only the wall clock is faked: the providers' own timers and promises run normally.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("never refetches credentials without an expiry", async () => {
    const { provider, state } = countingProvider(undefined);
    const cached = cachedProvider(provider);
    await cached.getCredentials();
    vi.setSystemTime(T0 + 365 * 24 * 60 * MIN);
    await cached.getCredentials();
    await settle();
    expect(state.calls).toBe(1);
  });

  it("serves cached credentials until the refresh window", async () => {
    const { provider, state } = countingProvider(60 * MIN);
    const cached = cachedProvider(provider);
    expect((await cached.getCredentials()).accessKeyId).toBe("KEY1");
    vi.setSystemTime(T0 + 54 * MIN);
    expect((await cached.getCredentials()).accessKeyId).toBe("KEY1");
    await settle();
    expect(state.calls).toBe(1);
  });

  it("refreshes ahead of expiry in the background, without making callers wait", async () => {
    const { provider, state } = countingProvider(60 * MIN);
    const cached = cachedProvider(provider);
    await cached.getCredentials();
    vi.setSystemTime(T0 + 56 * MIN);
    // Still valid for 4 minutes: handed out at once while the refresh runs.
    expect((await cached.getCredentials()).accessKeyId).toBe("KEY1");
    await servesKey(cached, "KEY2");
    expect(state.calls).toBe(2);
  });

  it("honours a custom refresh window", async () => {
    const { provider, state } = countingProvider(60 * MIN);
    const cached = cachedProvider(provider, { refreshBeforeExpiryMs: 20 * MIN });
    await cached.getCredentials();
    vi.setSystemTime(T0 + 41 * MIN);
    await cached.getCredentials();
    await servesKey(cached, "KEY2");
    expect(state.calls).toBe(2);
  });

  it("fetches inline once the credentials have expired", async () => {
    const { provider, state } = countingProvider(60 * MIN);
    const cached = cachedProvider(provider);
    await cached.getCredentials();
    vi.setSystemTime(T0 + 61 * MIN);
    expect((await cached.getCredentials()).accessKeyId).toBe("KEY2");
    expect(state.calls).toBe(2);
  });

  it("keeps serving still-valid credentials when a refresh fails, and retries later", async () => {
    const { provider, state } = countingProvider(60 * MIN);
    const cached = cachedProvider(provider, { minRefreshIntervalMs: 30_000 });
    await cached.getCredentials();
    state.fail = true;
    vi.setSystemTime(T0 + 56 * MIN);
    expect((await cached.getCredentials()).accessKeyId).toBe("KEY1");
    await vi.waitFor(() => expect(state.calls).toBe(2), { timeout: 5_000 });
    await settle();
    // Within the retry interval: no new attempt.
    vi.setSystemTime(T0 + 56 * MIN + 10_000);
    expect((await cached.getCredentials()).accessKeyId).toBe("KEY1");
    await settle();
    expect(state.calls).toBe(2);
    // After it: retried, and this time it works.
    state.fail = false;
    vi.setSystemTime(T0 + 56 * MIN + 31_000);
    expect((await cached.getCredentials()).accessKeyId).toBe("KEY1");
    await servesKey(cached, "KEY3");
    expect(state.calls).toBe(3);
  });

  it("throws when there is nothing valid to serve, and does not cache the error", async () => {
    const { provider, state } = countingProvider(60 * MIN);
    state.fail = true;
    const cached = cachedProvider(provider);
    await expect(cached.getCredentials()).rejects.toThrow("source is down");
    state.fail = false;
    expect((await cached.getCredentials()).accessKeyId).toBe("KEY2");
  });

  it("shares one fetch among 100 concurrent callers", async () => {
    const { provider, state } = countingProvider(60 * MIN);
    const cached = cachedProvider(provider);
    const all = await Promise.all(Array.from({ length: 100 }, () => cached.getCredentials()));
    expect(state.calls).toBe(1);
    expect(new Set(all).size).toBe(1);
  });

  it("shares one failure among concurrent callers", async () => {
    const { provider, state } = countingProvider(60 * MIN);
    state.fail = true;
    const cached = cachedProvider(provider);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => cached.getCredentials()),
    );
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(state.calls).toBe(1);
  });

  it("lets one caller give up without cancelling the shared fetch", async () => {
    const { provider, state } = countingProvider(60 * MIN);
    const cached = cachedProvider(provider);
    const controller = new AbortController();
    const impatient = cached.getCredentials(controller.signal);
    const patient = cached.getCredentials();
    controller.abort(new Error("gave up"));
    await expect(impatient).rejects.toThrow("gave up");
    expect((await patient).accessKeyId).toBe("KEY1");
    expect(state.calls).toBe(1);
  });

  it("fetches a static provider once", async () => {
    let calls = 0;
    const inner = staticProvider({ accessKeyId: "AKID", secretAccessKey: "S" });
    const counted: CredentialProvider = {
      getCredentials: () => {
        calls++;
        return inner.getCredentials();
      },
    };
    const cached = cachedProvider(counted);
    for (let i = 0; i < 5; i++) await cached.getCredentials();
    expect(calls).toBe(1);
  });

  it("prints without secrets", async () => {
    const cached = cachedProvider(
      staticProvider({ accessKeyId: "AKID", secretAccessKey: "TOPSECRET" }),
    );
    await cached.getCredentials();
    for (const shown of [inspect(cached), JSON.stringify(cached), `${cached}`])
      expect(shown).not.toContain("TOPSECRET");
  });
});
