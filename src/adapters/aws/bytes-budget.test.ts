import { describe, expect, it } from "vitest";
import { BytesBudget } from "./bytes-budget.js";

/** What `p` gives within 60 ms, or "waiting". */
const within60ms = <T>(p: Promise<T>) =>
  Promise.race([p, new Promise<"waiting">((r) => setTimeout(() => r("waiting"), 60))]);

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

  it("a refused query that scanned nothing teaches no cost; a failed or cut-off one that scanned spends and teaches", async () => {
    const b = new BytesBudget(10_000);
    const signal = new AbortController().signal;
    expect(await b.acquire(signal)).toBe(true);
    b.release(0, undefined, false); // a Lake Formation refusal: nothing known about what queries cost
    expect(await b.acquire(signal)).toBe(true);
    const waiting = b.acquire(signal);
    expect(await within60ms(waiting)).toBe("waiting"); // still one at a time
    b.release(6000, undefined, false); // cut off after scanning 6000 bytes: billed
    expect(b.spent).toBe(6000);
    expect(await waiting).toBe(true); // 6000 spent, nothing in flight
    const stop = new AbortController();
    expect(await within60ms(b.acquire(stop.signal))).toBe("waiting"); // 6000 + 6000 in flight > 10000
    stop.abort();
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
    const fourth = within60ms(b.acquire(signal));
    expect(await fourth).toBe("waiting");
  });
});

describe("BytesBudget with a workgroup's per-query limit", () => {
  it("runs queries together from the start when each is bounded by BytesScannedCutoffPerQuery", async () => {
    const b = new BytesBudget(10_000);
    const signal = new AbortController().signal;
    // Athena cancels a query past its workgroup's limit, so each in flight may scan 2,000 at most: a
    // query starts while those in flight fit (0, 2,000, …, 8,000 < 10,000), as before with known costs.
    const five = await Promise.all(Array.from({ length: 5 }, () => b.acquire(signal, 2_000)));
    expect(five).toEqual([true, true, true, true, true]);
    const sixth = within60ms(b.acquire(signal, 2_000));
    expect(await sixth).toBe("waiting");
  });

  it("still runs a query without a limit alone until a cost is known, whatever else is in flight", async () => {
    const b = new BytesBudget(10_000);
    const signal = new AbortController().signal;
    expect(await b.acquire(signal)).toBe(true);
    const bounded = within60ms(b.acquire(signal, 100));
    expect(await bounded).toBe("waiting");
    b.release(50);
    expect(await b.acquire(signal, 100)).toBe(true);
    expect(await b.acquire(signal)).toBe(true); // now costed at the largest seen (50)
  });

  it("costs a bounded query at the smaller of its limit and the largest scan seen", async () => {
    const b = new BytesBudget(1_000);
    const signal = new AbortController().signal;
    await b.acquire(signal, 5_000);
    b.release(100, 5_000);
    // Each in flight now costs min(5,000, 100) = 100: with 100 spent, nine start (100 + 8 × 100 < 1,000).
    const nine = await Promise.all(Array.from({ length: 9 }, () => b.acquire(signal, 5_000)));
    expect(nine.every(Boolean)).toBe(true);
    const next = within60ms(b.acquire(signal, 5_000));
    expect(await next).toBe("waiting");
  });
});

describe("BytesBudget: a query without a limit among bounded ones", () => {
  it("waits for the bounded queries in flight before it runs alone (review reproduction)", async () => {
    const b = new BytesBudget(10_000);
    const signal = new AbortController().signal;
    expect(await b.acquire(signal, 100)).toBe(true);
    const unbounded = b.acquire(signal);
    const early = await within60ms(unbounded);
    expect(early).toBe("waiting");
    b.release(undefined, 100); // it failed: no cost known yet
    expect(await unbounded).toBe(true);
  });
});
