import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextBackoff } from "../src/index.js";

const config = { initBackoff: 100, maxBackoff: 15_000, base: 2 };

describe("nextBackoff", () => {
  it("sleeps exactly initBackoff first", () => {
    expect(nextBackoff(config, undefined, () => 0.99)).toBe(100);
  });

  it("draws uniformly between initBackoff and previous × base", () => {
    expect(nextBackoff(config, 400, () => 0)).toBe(100);
    expect(nextBackoff(config, 400, () => 0.5)).toBe(450);
    expect(nextBackoff(config, 400, () => 0.999999)).toBeCloseTo(800, 2);
  });

  it("never exceeds maxBackoff", () => {
    expect(nextBackoff(config, 14_000, () => 0.99)).toBe(15_000);
    expect(nextBackoff({ ...config, initBackoff: 20_000 }, undefined)).toBe(15_000);
  });

  it("stays within [initBackoff, min(maxBackoff, previous × base)] for any input", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1000, max: 60_000 }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (initBackoff, maxBackoff, base, previous, r) => {
          const sleep = nextBackoff({ initBackoff, maxBackoff, base }, previous, () => r);
          expect(sleep).toBeGreaterThanOrEqual(Math.min(initBackoff, maxBackoff));
          expect(sleep).toBeLessThanOrEqual(
            Math.min(maxBackoff, Math.max(initBackoff, previous * base)),
          );
        },
      ),
    );
  });

  it("grows the expected sleep over a sequence", () => {
    let sleep = nextBackoff(config);
    const sleeps = [sleep];
    for (let i = 0; i < 6; i++) {
      sleep = nextBackoff(config, sleep, () => 0.999);
      sleeps.push(sleep);
    }
    expect(sleeps.map(Math.round)).toEqual([100, 200, 400, 798, 1595, 3187, 6368]);
  });
});
