import { describe, expect, it } from "vitest";
import { QueryPacing } from "./athena-pacing.js";

describe("QueryPacing", () => {
  it("polls at once until a few queries have finished", () => {
    const p = new QueryPacing();
    for (const ms of [300, 310, 290]) p.observe(ms);
    expect(p.firstWaitMs(5000)).toBe(0);
  });

  it("waits about the median of recent queries, capped", () => {
    const p = new QueryPacing();
    for (const ms of [20, 300, 310, 290, 305]) p.observe(ms);
    expect(p.firstWaitMs(5000)).toBe(300);
    expect(p.firstWaitMs(100)).toBe(100);
  });

  it("forgets old queries: a workgroup that slows down is followed", () => {
    const p = new QueryPacing();
    for (let i = 0; i < 32; i++) p.observe(100);
    for (let i = 0; i < 17; i++) p.observe(3000);
    expect(p.firstWaitMs(10_000)).toBe(3000);
  });

  it("ignores missing or nonsense statistics", () => {
    const p = new QueryPacing();
    for (const ms of [undefined, Number.NaN, -5, 200, 200, 200]) p.observe(ms);
    expect(p.firstWaitMs(5000)).toBe(0);
  });

  it("lets a few scouts poll at once and holds the rest of a batch until the first query's time is known", async () => {
    const p = new QueryPacing();
    const signal = new AbortController().signal;
    const t0 = Date.now();
    const scouts = await Promise.all([1, 2, 3, 4].map(() => p.beforeFirstPoll(5_000, signal)));
    expect(Date.now() - t0).toBeLessThan(50);
    // Scouts say so: their polls back off more gently, since the whole batch waits on them.
    expect(scouts.every((s) => s.scout)).toBe(true);
    // Their poll series are offset by a quarter backoff step each: together they look 4 times as often.
    expect(scouts.map((s) => s.phase)).toEqual([0, 0.25, 0.5, 0.75]);
    let released = 0;
    const held = [5, 6, 7].map(() =>
      p.beforeFirstPoll(5_000, signal).then((x) => {
        released++;
        return x;
      }),
    );
    await new Promise((r) => setTimeout(r, 30));
    expect(released).toBe(0);
    // A scout's query ends after 100 ms: the others wait about that long from their start, not 5 s.
    p.observe(100);
    for (const s of scouts) s.done();
    const after = await Promise.all(held);
    expect(released).toBe(3);
    expect(after.some((x) => x.scout)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it("makes a new scout when one ends before anything is known (a failed start, a cancelled query)", async () => {
    const p = new QueryPacing();
    const signal = new AbortController().signal;
    const first = await Promise.all([1, 2, 3, 4].map(() => p.beforeFirstPoll(5_000, signal)));
    first[0].done();
    first[0].done(); // twice is once
    const t0 = Date.now();
    await p.beforeFirstPoll(5_000, signal);
    expect(Date.now() - t0).toBeLessThan(50);
  });

  it("never waits past maxMs, nor past an abort", async () => {
    const p = new QueryPacing();
    const ac = new AbortController();
    await Promise.all([1, 2, 3, 4].map(() => p.beforeFirstPoll(5_000, ac.signal)));
    const t0 = Date.now();
    await p.beforeFirstPoll(40, ac.signal);
    expect(Date.now() - t0).toBeLessThan(500);
    const waiting = p.beforeFirstPoll(60_000, ac.signal);
    ac.abort();
    await waiting;
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});
