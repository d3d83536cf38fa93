import { describe, expect, it } from "vitest";
import { rateGate } from "./rate.js";

describe("rateGate", () => {
  it("lets a burst through at once, then spaces calls at the rate", async () => {
    const gate = rateGate(50, 3);
    const t0 = Date.now();
    const at: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        await gate();
        at.push(Date.now() - t0);
      }),
    );
    at.sort((a, b) => a - b);
    expect(at.slice(0, 3).every((t) => t < 15)).toBe(true);
    // Three more at 50/s: due at 20, 40 and 60 ms.
    expect(at[5]).toBeGreaterThanOrEqual(55);
    expect(at[5]).toBeLessThan(200);
  });

  it("without a burst, spaces even the first calls", async () => {
    const gate = rateGate(20);
    const t0 = Date.now();
    await gate();
    await gate();
    await gate();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(95);
  });
});

describe("rateGate under a timer that fires early", () => {
  it("never lets a call through before its due time by the clock", async () => {
    // Node can fire a timer early by the time the current tick has already run; this fake fires every
    // wait 20 ms early, as a loaded machine did in CI (9 spaced starts 22 ms short of 900 ms).
    let clock = 1_000;
    const gate = rateGate(
      10,
      1,
      () => clock,
      async (ms) => {
        clock += Math.max(1, ms - 20);
      },
    );
    const passed: number[] = [];
    for (let i = 0; i < 10; i++) {
      await gate();
      passed.push(clock);
    }
    expect(passed[0]).toBe(1_000);
    for (let i = 1; i < passed.length; i++) expect(passed[i] - passed[0]).toBeGreaterThanOrEqual(i * 100);
  });
});
