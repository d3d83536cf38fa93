import { describe, expect, it } from "vitest";
import { getEventListeners } from "node:events";
import { abortableSleep } from "./sleep.js";

describe("abortableSleep", () => {
  it("leaves no listener on the signal once the wait is over", async () => {
    const c = new AbortController();
    for (let i = 0; i < 20; i++) await abortableSleep(1, c.signal);
    expect(getEventListeners(c.signal, "abort")).toHaveLength(0);
  });

  it("ends early on abort, and when woken", async () => {
    const c = new AbortController();
    const t0 = Date.now();
    const p = abortableSleep(10_000, c.signal);
    c.abort();
    await p;
    const wake: { fn?: () => void } = {};
    const q = abortableSleep(10_000, new AbortController().signal, wake);
    wake.fn!();
    await q;
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});
