// The poller's sweeps: pacing once delivery begins, the settle and the deadline, failures and the rate
// gate. How it chooses between event names and access keys: poller-lookup.test.ts.
import { describe, expect, it } from "vitest";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import {
  fakeTrail,
  request,
  testPoller,
  throttledFirst,
  timedTrail,
  until,
} from "../../../test/helpers/cloudtrail-fakes.js";

describe("CloudTrailPoller", () => {
  it("sweeps again soon once delivery has begun, instead of after its longest pause", async () => {
    const t0 = Date.now();
    const { client, calls } = fakeTrail(
      [
        { requestId: "r-1", atMs: 700 },
        { requestId: "r-2", atMs: 800 },
      ],
      t0,
    );
    const poller = testPoller(client, { sweepIntervalMs: [50, 5_000] });
    const found = await poller.confirm([request("r-1", t0), request("r-2", t0)], until(10_000));
    expect([...found.values()].map((m) => m.status)).toEqual(["confirmed", "confirmed"]);
    // Pauses 50, 100, 200, 400 ms find r-1 at about 750 ms; without the reset the next pause would be
    // 1.6 s, not 50 ms.
    expect(Date.now() - t0).toBeLessThan(1_400);
    expect(poller.stats().records).toBe(2);
    expect(calls.length).toBeLessThan(12);
  });

  it("cuts the settle short once nothing is left to look up, and never waits past the deadline", async () => {
    const t0 = Date.now();
    const { client, calls } = fakeTrail([], t0);
    const poller = testPoller(client, { sweepIntervalMs: [50, 200] });
    // Nothing to look up: finish() ends the 2-minute settle at once.
    const none = poller.begin({ settleMs: 120_000, signal: new AbortController().signal });
    await none.finish({ deadlineMs: 3_000 });
    expect(Date.now() - t0).toBeLessThan(500);
    // A record that never comes: the settle is cut to the 300 ms deadline, not waited out.
    const t1 = Date.now();
    const one = poller.begin({ settleMs: 120_000, signal: new AbortController().signal });
    one.add(request("never", t1));
    const found = await one.finish({ deadlineMs: 300 });
    expect(found.get("never")?.status).toBe("pending");
    expect(Date.now() - t1).toBeLessThan(1_500);
    expect(calls.length).toBeGreaterThanOrEqual(1);
  });

  it("keeps trying after LookupEvents fails past its retries, until the deadline, through the rate gate", async () => {
    const t0 = Date.now();
    const trail = fakeTrail([{ requestId: "r-1", atMs: 0 }], t0);
    const times: number[] = [];
    // An outage: throttled past the retry budget twice over, then answers again.
    const client = throttledFirst(trail.client, 4, times);
    const poller = testPoller(client, {
      requestsPerSecond: 20,
      retry: { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 },
    });
    const found = await poller.confirm([request("r-1", t0)], until(5_000));
    expect(found.get("r-1")?.status).toBe("confirmed");
    // Retries passed the gate too: the attempts keep to 20 a second on average (a timer that fires late
    // under load can shorten one gap, never the average).
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual((times.length - 1) * 45);
  });
});

describe("CloudTrailPoller's stop padding", () => {
  /** Calls made in 150 ms waiting for a record that never comes, behind 1,000 older records of ours. */
  async function callsWaiting(stopPaddingMs?: () => number) {
    const t0 = Date.now();
    const old = Array.from({ length: 1_000 }, (_, i) => ({ id: `old-${i}`, key: "ASIAOURS", at: t0 - 60_000 - i }));
    let calls = 0;
    const trail = timedTrail(() => old, "ASIAOURS");
    const client = {
      send: (cmd: never) => {
        calls++;
        return trail.send(cmd);
      },
    } as unknown as CloudTrailClient;
    const poller = testPoller(client, { windowPaddingMs: 5 * 60_000, ...(stopPaddingMs ? { stopPaddingMs } : {}) });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 150);
    const found = await poller.confirm([request("never", t0)], { deadlineMs: 5_000, settleMs: 0, signal: stop.signal });
    expect(found.get("never")?.status).toBe("pending");
    return calls;
  }

  it("with the skew measured, a full listing stops a few seconds before the oldest open call, not minutes", async () => {
    // 20 pages of records a minute older than the call: read once with 5 minutes of padding, never with 5 s.
    expect(await callsWaiting()).toBeGreaterThanOrEqual(20);
    expect(await callsWaiting(() => 5_000)).toBeLessThan(10);
  });
});
