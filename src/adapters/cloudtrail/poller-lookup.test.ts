// How the poller looks records up: by event name in a quiet account, by the session's access key in a
// busy one, what it counts as traffic, when a session is due by key, and the fallback before the deadline.
import { describe, expect, it } from "vitest";
import type { EvidenceRequest } from "../../core/evidence.js";
import { projectedForeignPages } from "./lookup-strategy.js";
import {
  busyTrail,
  keyed,
  request,
  sessions,
  testPoller,
  throttledFirst,
  timedTrail,
  until,
} from "../../../test/helpers/cloudtrail-fakes.js";

/** Looks up `n` sessions' records among `foreign` other users' records; every one must be confirmed. */
async function confirmSessions(n: number, foreign: number) {
  const t0 = Date.now();
  const ours = sessions(n);
  const { client, asked } = busyTrail(foreign, ours, t0);
  const poller = testPoller(client);
  const found = await poller.confirm(
    ours.map((o) => keyed(o.requestId, o.key, t0)),
    until(5_000),
  );
  expect([...found.values()].every((m) => m.status === "confirmed")).toBe(true);
  return { asked, poller };
}

describe("CloudTrailPoller in a busy account", () => {
  it("finds a session's records by its access key without paging through other users' records", async () => {
    const t0 = Date.now();
    const { client, asked } = busyTrail(
      5_000,
      [
        { requestId: "r-1", key: "ASIAPERSONA1" },
        { requestId: "r-2", key: "ASIAPERSONA2" },
      ],
      t0,
    );
    const poller = testPoller(client);
    const found = await poller.confirm(
      [keyed("r-1", "ASIAPERSONA1", t0), keyed("r-2", "ASIAPERSONA2", t0)],
      until(5_000),
    );
    expect([...found.values()].map((m) => m.status)).toEqual(["confirmed", "confirmed"]);
    // The first listing by name is the measurement: cut off after 2 pages (what the 2 keys would cost),
    // then one call per session; by event name alone it would be 101 pages.
    expect(asked).toEqual(["EventName", "EventName", "AccessKeyId", "AccessKeyId"]);
  });

  it("stays on event names in a quiet account: a few names cost fewer calls than a listing per session", async () => {
    const { asked, poller } = await confirmSessions(20, 0);
    // 20 sessions by key would be 20 calls; by name the 20 records are one page.
    expect(asked).toEqual(["EventName"]);
    expect(poller.stats().lookupCalls).toBe(1);
  });

  it("switches to keys in a busy account once a name listing has cost more than the keys would, and counts its calls", async () => {
    const { asked, poller } = await confirmSessions(5, 2_000);
    // 5 measuring pages by name (the price of 5 keys), then one call per session, not the 41 pages by name.
    expect(asked).toEqual([...Array(5).fill("EventName"), ...Array(5).fill("AccessKeyId")]);
    expect(poller.stats().lookupCalls).toBe(10);
  });

  it("matches by request id when both sides have one, and by key and time otherwise, among thousands of records", async () => {
    const t0 = Date.now();
    const ours = Array.from({ length: 300 }, (_, i) => ({ requestId: `r-${i}`, key: "ASIAPERSONA1" }));
    const { client } = busyTrail(3_000, ours, t0);
    const poller = testPoller(client, { requestsPerSecond: 10_000 });
    // r-5 is asked for without its request id (a call whose response was lost): the first of our
    // unclaimed records from its key in its window proves it, never another user's record.
    const noId: EvidenceRequest = {
      ...request("lost", t0),
      correlation: { startedAt: t0, finishedAt: t0, accessKeyId: "ASIAPERSONA1" },
    };
    const wanted = [request("r-7", t0), noId, request("r-299", t0), request("r-absent", t0)];
    const found = await poller.confirm(wanted, until(300));
    expect(found.get("r-7")?.events[0].requestId).toBe("r-7");
    expect(found.get("r-299")?.events[0].requestId).toBe("r-299");
    expect(found.get("lost")?.status).toBe("confirmed");
    expect(found.get("lost")?.events[0].requestId).toMatch(/^r-\d+$/);
    expect(["r-7", "r-299"]).not.toContain(found.get("lost")?.events[0].requestId);
    expect(found.get("r-absent")?.status).toBe("pending");
  });

  it("still applies every matching rule to a record found by access key", async () => {
    const t0 = Date.now();
    const { client } = busyTrail(0, [{ requestId: "r-1", key: "ASIAPERSONA1" }], t0);
    const poller = testPoller(client);
    const found = await poller.confirm([{ ...keyed("r-1", "ASIAPERSONA1", t0), userId: "u-2" }], until(1_000));
    expect(found.get("r-1")?.status).toBe("mismatch");
  });

  it("falls back before the deadline to what the first attribute cannot find (a renewed key)", async () => {
    const t0 = Date.now();
    const { client, asked } = busyTrail(10, [{ requestId: "r-1", key: "ASIARENEWED" }], t0);
    const poller = testPoller(client);
    const found = await poller.confirm([keyed("r-1", "ASIAOLDKEY", t0)], until(500));
    expect(found.get("r-1")?.status).toBe("confirmed");
    expect(asked).toContain("EventName");
  });

  it("slows down under throttling by other tools instead of losing the evidence, without spending the retry budget", async () => {
    const t0 = Date.now();
    const trail = busyTrail(0, [{ requestId: "r-1", key: "ASIAPERSONA1" }], t0);
    const times: number[] = [];
    const client = throttledFirst(trail.client, 6, times);
    const poller = testPoller(client, { requestsPerSecond: 100 });
    const found = await poller.confirm([keyed("r-1", "ASIAPERSONA1", t0)], until(10_000));
    expect(found.get("r-1")?.status).toBe("confirmed");
    expect(poller.stats().throttled).toBe(6);
    // The gaps grow as the rate halves: 6 throttles at 100/s take far longer than 6 × 10 ms.
    expect(times[6] - times[0]).toBeGreaterThan(300);
  });
});

describe("projectedForeignPages", () => {
  it("projects other users' records over the window from what a listing has read, never the run's own", () => {
    // 100 foreign records within one second, over a 40 s window: about 40 × 100 / 50 / 2 = 40 pages.
    expect(projectedForeignPages({ unmatched: 100, newest: 10_000, oldest: 10_000 }, 40_000)).toBe(80);
    expect(projectedForeignPages({ unmatched: 100, newest: 12_000, oldest: 10_000 }, 40_000)).toBeCloseTo(26.7, 1);
    // Our own records (not counted as unmatched) project nothing: a quiet account stays on names.
    expect(projectedForeignPages({ unmatched: 0, newest: 12_000, oldest: 10_000 }, 40_000)).toBe(0);
    expect(projectedForeignPages({ unmatched: 5, newest: -Infinity, oldest: Infinity }, 40_000)).toBe(0);
  });
});

describe("CloudTrailPoller by key in a quiet account", () => {
  it("confirms a session whose newest call is the newest record of the account without waiting for the deadline", async () => {
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    // 3,000 records of another user first (so the poller measures traffic and goes by key), then our
    // two calls, the very last records of the account, stamped to the second as CloudTrail does.
    const { client } = busyTrail(
      3_000,
      [
        { requestId: "r-1", key: "ASIAPERSONA1" },
        { requestId: "r-2", key: "ASIAPERSONA2" },
      ],
      t0,
    );
    const keyedAt = (id: string, key: string): EvidenceRequest => ({
      ...request(id, t0),
      correlation: { requestId: id, startedAt: t0 + 100, finishedAt: t0 + 900 },
      lookup: {
        first: { key: "AccessKeyId", value: key },
        fallback: { key: "EventName", value: "StartQueryExecution" },
      },
    });
    const poller = testPoller(client, { windowPaddingMs: 1_000 });
    const started = Date.now();
    const found = await poller.confirm([keyedAt("r-1", "ASIAPERSONA1"), keyedAt("r-2", "ASIAPERSONA2")], until(5_000));
    expect([...found.values()].map((m) => m.status)).toEqual(["confirmed", "confirmed"]);
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});

describe("CloudTrailPoller: when a session is due by key", () => {
  it("waits for delivery to reach the recorded call (StartQueryExecution), not the end of a 30 s Athena check", async () => {
    // Our StartQueryExecution at t0; the check (query + results) ended 30 s later; 60 other users'
    // starts meanwhile, none after t0 + 28 s. Due by the check's end, the session would wait for the deadline.
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 31_000;
    const recs = [
      ...Array.from({ length: 60 }, (_, i) => ({
        id: `mid-${i}`,
        key: "ASIAOTHER",
        at: t0 + 1_000 + Math.floor(i / 2) * 900,
      })),
      { id: "r-A", key: "ASIAP", at: t0 },
    ];
    const client = timedTrail(() => recs, "ASIAP");
    const poller = testPoller(client, { sweepIntervalMs: [20, 200], windowPaddingMs: 1_000 });
    const started = Date.now();
    const found = await poller.confirm(
      [
        {
          ...request("r-A", t0),
          correlation: {
            requestId: "r-A",
            startedAt: t0 - 100,
            recordedBy: t0 + 100,
            finishedAt: t0 + 30_000,
            accessKeyId: "ASIAP",
          },
          lookup: {
            first: { key: "AccessKeyId", value: "ASIAP" },
            fallback: { key: "EventName", value: "StartQueryExecution" },
          },
        },
      ],
      until(5_000),
    );
    expect(found.get("r-A")?.status).toBe("confirmed");
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});

describe("CloudTrailPoller: a name listing stopped at the keys' price", () => {
  it("looks its requests up by key in the same sweep, even the last one before the deadline", async () => {
    // Quiet at first; then, 50 ms before the deadline, 1,000 other users' records are delivered with
    // ours, so that the final sweep is the first to see them and stops at the keys' price.
    const t0 = Date.now();
    const early = [{ id: "f-0", key: "ASIAOTHER", at: t0 - 1000 }];
    const surge = Array.from({ length: 1000 }, (_, i) => ({ id: `s-${i}`, key: "ASIAOTHER", at: t0 + 200 + i }));
    const ours = { id: "r-1", key: "ASIAK1", at: t0 + 50 };
    const client = timedTrail(() => [...early, ...(Date.now() - t0 >= 450 ? [ours, ...surge] : [])], "ASIAK1");
    const poller = testPoller(client, { sweepIntervalMs: [200, 200], windowPaddingMs: 10_000 });
    const found = await poller.confirm(
      [
        {
          ...request("r-1", t0),
          correlation: { requestId: "r-1", startedAt: t0, finishedAt: t0 + 100, accessKeyId: "ASIAK1" },
          lookup: {
            first: { key: "AccessKeyId", value: "ASIAK1" },
            fallback: { key: "EventName", value: "StartQueryExecution" },
          },
        },
      ],
      until(500),
    );
    expect(found.get("r-1")?.status).toBe("confirmed");
  });
});
