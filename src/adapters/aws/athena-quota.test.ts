import { describe, expect, it } from "vitest";
import { ActiveQueries, isQuotaFull } from "./athena-quota.js";

describe("ActiveQueries", () => {
  it("hands each finished query to one waiter, in order", async () => {
    const q = new ActiveQueries();
    q.started();
    q.started();
    const woke: number[] = [];
    const signal = new AbortController().signal;
    const w1 = q.nextFinish(10_000, signal).then(() => woke.push(1));
    const w2 = q.nextFinish(10_000, signal).then(() => woke.push(2));
    q.finished();
    await w1;
    await new Promise((r) => setTimeout(r, 5));
    expect(woke).toEqual([1]);
    q.finished();
    await w2;
    expect(woke).toEqual([1, 2]);
    expect(q.count).toBe(0);
  });

  it("stops waiting after maxMs (others' queries free places too) or on abort", async () => {
    const q = new ActiveQueries();
    q.started();
    const t0 = Date.now();
    await q.nextFinish(20, new AbortController().signal);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
    const c = new AbortController();
    const p = q.nextFinish(10_000, c.signal);
    c.abort();
    await p;
    // A timed-out or aborted waiter is gone: the next finish is not lost on it.
    const next = q.nextFinish(10_000, new AbortController().signal);
    q.finished();
    await next;
  });

  it("recognises only the concurrent-query quota refusal", () => {
    expect(
      isQuotaFull(
        Object.assign(new Error("x"), { name: "TooManyRequestsException", Reason: "CONCURRENT_QUERY_LIMIT_EXCEEDED" }),
      ),
    ).toBe(true);
    expect(isQuotaFull(Object.assign(new Error("x"), { name: "TooManyRequestsException" }))).toBe(false);
    expect(isQuotaFull(Object.assign(new Error("x"), { name: "ThrottlingException" }))).toBe(false);
  });
});
