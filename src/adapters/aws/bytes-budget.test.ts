import { describe, expect, it } from "vitest";
import { BytesBudget } from "./bytes-budget.js";

describe("BytesBudget", () => {
  it("lets one query run until a cost is known, then refuses once the budget is spent", async () => {
    const b = new BytesBudget(1);
    const signal = new AbortController().signal;
    expect(await b.acquire(signal)).toBe(true);
    const second = b.acquire(signal);
    let settled = false;
    void second.then(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 60));
    expect(settled).toBe(false); // waits: the first query's cost is unknown
    b.release(5000);
    expect(await second).toBe(false);
    expect(await b.acquire(signal)).toBe(false);
  });

  it("runs queries concurrently once their cost is known to fit", async () => {
    const b = new BytesBudget(10_000);
    const signal = new AbortController().signal;
    expect(await b.acquire(signal)).toBe(true);
    b.release(100);
    const all = await Promise.all([1, 2, 3, 4].map(() => b.acquire(signal)));
    expect(all).toEqual([true, true, true, true]);
  });

  it("never admits more than the remaining budget at the largest cost seen", async () => {
    const b = new BytesBudget(1000);
    const signal = new AbortController().signal;
    await b.acquire(signal);
    b.release(300);
    expect(await b.acquire(signal)).toBe(true);
    expect(await b.acquire(signal)).toBe(true); // 300 + 1×300 < 1000
    expect(await b.acquire(signal)).toBe(true); // 300 + 2×300 < 1000
    const fourth = Promise.race([b.acquire(signal), new Promise((r) => setTimeout(() => r("waiting"), 60))]);
    expect(await fourth).toBe("waiting");
  });
});
