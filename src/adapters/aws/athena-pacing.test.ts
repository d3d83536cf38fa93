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
});
