import { describe, expect, it } from "vitest";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudTrailPoller, projectedForeignPages } from "./poller.js";
import type { EvidenceRequest } from "../../core/evidence.js";

/** A LookupEvents stand-in: records become visible at their delivery time, newest first, 50 a page. */
function fakeTrail(deliveries: { requestId: string; atMs: number }[], t0: number) {
  const calls: number[] = [];
  const client = {
    send: async (cmd: { input: { NextToken?: string } }) => {
      calls.push(Date.now() - t0);
      const offset = Number(cmd.input.NextToken ?? 0);
      const visible = deliveries.filter((d) => Date.now() - t0 >= d.atMs).reverse();
      const page = visible.slice(offset, offset + 50);
      return {
        Events: page.map((d) => ({
          EventId: d.requestId,
          EventTime: new Date(t0),
          CloudTrailEvent: JSON.stringify({
            eventID: d.requestId,
            eventName: "StartQueryExecution",
            eventSource: "athena.amazonaws.com",
            eventTime: new Date(t0).toISOString(),
            requestID: d.requestId,
            userIdentity: { onBehalfOf: { userId: "u-1" } },
          }),
        })),
        ...(visible.length > offset + 50 ? { NextToken: String(offset + 50) } : {}),
      };
    },
  } as unknown as CloudTrailClient;
  return { client, calls };
}

const request = (id: string, t0: number): EvidenceRequest => ({
  key: id,
  eventSource: "athena.amazonaws.com",
  eventName: "StartQueryExecution",
  userId: "u-1",
  expectErrorCode: false,
  correlation: { requestId: id, startedAt: t0, finishedAt: t0 },
});

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
    const poller = new CloudTrailPoller(client, {
      requestsPerSecond: 1000,
      retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      sweepIntervalMs: [50, 5_000],
      windowPaddingMs: 0,
    });
    const found = await poller.confirm([request("r-1", t0), request("r-2", t0)], {
      deadlineMs: 10_000,
      settleMs: 0,
      signal: new AbortController().signal,
    });
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
    const poller = new CloudTrailPoller(client, {
      requestsPerSecond: 1000,
      retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      sweepIntervalMs: [50, 200],
      windowPaddingMs: 0,
    });
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
    let failuresLeft = 4;
    const client = {
      send: async (cmd: never) => {
        times.push(Date.now());
        // An outage: throttled past the retry budget twice over, then answers again.
        if (failuresLeft-- > 0)
          throw Object.assign(new Error("Rate exceeded"), {
            name: "ThrottlingException",
            $metadata: { httpStatusCode: 400 },
          });
        return trail.client.send(cmd);
      },
    } as unknown as CloudTrailClient;
    const poller = new CloudTrailPoller(client, {
      requestsPerSecond: 20,
      retry: { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 },
      sweepIntervalMs: [20, 50],
      windowPaddingMs: 0,
    });
    const found = await poller.confirm([request("r-1", t0)], {
      deadlineMs: 5_000,
      settleMs: 0,
      signal: new AbortController().signal,
    });
    expect(found.get("r-1")?.status).toBe("confirmed");
    // Retries passed the gate too: the attempts keep to 20 a second on average (a timer that fires late
    // under load can shorten one gap, never the average).
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual((times.length - 1) * 45);
  });
});

/** A busy account: `foreign` records of the same event name by other users, plus ours, each with its key. */
function busyTrail(foreign: number, ours: { requestId: string; key: string }[], t0: number) {
  const all = [
    ...Array.from({ length: foreign }, (_, i) => ({ requestId: `other-${i}`, key: `ASIAOTHER${i % 7}` })),
    ...ours,
  ].map((d) => ({
    ...d,
    record: JSON.stringify({
      eventID: d.requestId,
      eventName: "StartQueryExecution",
      eventSource: "athena.amazonaws.com",
      eventTime: new Date(t0).toISOString(),
      requestID: d.requestId,
      userIdentity: { accessKeyId: d.key, onBehalfOf: { userId: d.key.startsWith("ASIAOTHER") ? "u-other" : "u-1" } },
    }),
  }));
  const asked: string[] = [];
  const client = {
    send: async (cmd: {
      input: { NextToken?: string; LookupAttributes: { AttributeKey: string; AttributeValue: string }[] };
    }) => {
      const a = cmd.input.LookupAttributes[0];
      asked.push(a.AttributeKey);
      const hits = all.filter((d) => (a.AttributeKey === "AccessKeyId" ? d.key === a.AttributeValue : true));
      const offset = Number(cmd.input.NextToken ?? 0);
      const page = hits.slice(offset, offset + 50);
      return {
        Events: page.map((d) => ({
          EventId: d.requestId,
          EventTime: new Date(t0),
          AccessKeyId: d.key,
          CloudTrailEvent: d.record,
        })),
        ...(hits.length > offset + 50 ? { NextToken: String(offset + 50) } : {}),
      };
    },
  } as unknown as CloudTrailClient;
  return { client, asked };
}

describe("CloudTrailPoller in a busy account", () => {
  const keyed = (id: string, key: string, t0: number): EvidenceRequest => ({
    ...request(id, t0),
    lookup: { first: { key: "AccessKeyId", value: key }, fallback: { key: "EventName", value: "StartQueryExecution" } },
  });

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
    const poller = new CloudTrailPoller(client, {
      requestsPerSecond: 1000,
      retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      sweepIntervalMs: [20, 50],
      windowPaddingMs: 0,
    });
    const found = await poller.confirm([keyed("r-1", "ASIAPERSONA1", t0), keyed("r-2", "ASIAPERSONA2", t0)], {
      deadlineMs: 5_000,
      settleMs: 0,
      signal: new AbortController().signal,
    });
    expect([...found.values()].map((m) => m.status)).toEqual(["confirmed", "confirmed"]);
    // The first listing by name is the measurement: cut off after 2 pages (what the 2 keys would cost),
    // then one call per session; by event name alone it would be 101 pages.
    expect(asked).toEqual(["EventName", "EventName", "AccessKeyId", "AccessKeyId"]);
  });

  it("stays on event names in a quiet account: a few names cost fewer calls than a listing per session", async () => {
    const t0 = Date.now();
    const ours = Array.from({ length: 20 }, (_, i) => ({ requestId: `r-${i}`, key: `ASIAPERSONA${i}` }));
    const { client, asked } = busyTrail(0, ours, t0);
    const poller = new CloudTrailPoller(client, {
      requestsPerSecond: 1000,
      retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      sweepIntervalMs: [20, 50],
      windowPaddingMs: 0,
    });
    const found = await poller.confirm(
      ours.map((o) => keyed(o.requestId, o.key, t0)),
      { deadlineMs: 5_000, settleMs: 0, signal: new AbortController().signal },
    );
    expect([...found.values()].every((m) => m.status === "confirmed")).toBe(true);
    // 20 sessions by key would be 20 calls; by name the 20 records are one page.
    expect(asked).toEqual(["EventName"]);
    expect(poller.stats().lookupCalls).toBe(1);
  });

  it("switches to keys in a busy account once a name listing has cost more than the keys would, and counts its calls", async () => {
    const t0 = Date.now();
    const ours = Array.from({ length: 5 }, (_, i) => ({ requestId: `r-${i}`, key: `ASIAPERSONA${i}` }));
    const { client, asked } = busyTrail(2_000, ours, t0);
    const poller = new CloudTrailPoller(client, {
      requestsPerSecond: 1000,
      retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      sweepIntervalMs: [20, 50],
      windowPaddingMs: 0,
    });
    const found = await poller.confirm(
      ours.map((o) => keyed(o.requestId, o.key, t0)),
      { deadlineMs: 5_000, settleMs: 0, signal: new AbortController().signal },
    );
    expect([...found.values()].every((m) => m.status === "confirmed")).toBe(true);
    // 5 measuring pages by name (the price of 5 keys), then one call per session, not the 41 pages by name.
    expect(asked).toEqual([...Array(5).fill("EventName"), ...Array(5).fill("AccessKeyId")]);
    expect(poller.stats().lookupCalls).toBe(10);
  });

  it("matches by request id when both sides have one, and by key and time otherwise, among thousands of records", async () => {
    const t0 = Date.now();
    const ours = Array.from({ length: 300 }, (_, i) => ({ requestId: `r-${i}`, key: "ASIAPERSONA1" }));
    const { client } = busyTrail(3_000, ours, t0);
    const poller = new CloudTrailPoller(client, {
      requestsPerSecond: 10_000,
      retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      sweepIntervalMs: [20, 50],
      windowPaddingMs: 0,
    });
    // r-5 is asked for without its request id (a call whose response was lost): the first of our
    // unclaimed records from its key in its window proves it, never another user's record.
    const noId: EvidenceRequest = {
      ...request("lost", t0),
      correlation: { startedAt: t0, finishedAt: t0, accessKeyId: "ASIAPERSONA1" },
    };
    const wanted = [request("r-7", t0), noId, request("r-299", t0), request("r-absent", t0)];
    const found = await poller.confirm(wanted, {
      deadlineMs: 300,
      settleMs: 0,
      signal: new AbortController().signal,
    });
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
    const poller = new CloudTrailPoller(client, {
      requestsPerSecond: 1000,
      retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      sweepIntervalMs: [20, 50],
      windowPaddingMs: 0,
    });
    const found = await poller.confirm([{ ...keyed("r-1", "ASIAPERSONA1", t0), userId: "u-2" }], {
      deadlineMs: 1_000,
      settleMs: 0,
      signal: new AbortController().signal,
    });
    expect(found.get("r-1")?.status).toBe("mismatch");
  });

  it("falls back before the deadline to what the first attribute cannot find (a renewed key)", async () => {
    const t0 = Date.now();
    const { client, asked } = busyTrail(10, [{ requestId: "r-1", key: "ASIARENEWED" }], t0);
    const poller = new CloudTrailPoller(client, {
      requestsPerSecond: 1000,
      retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      sweepIntervalMs: [20, 50],
      windowPaddingMs: 0,
    });
    const found = await poller.confirm([keyed("r-1", "ASIAOLDKEY", t0)], {
      deadlineMs: 500,
      settleMs: 0,
      signal: new AbortController().signal,
    });
    expect(found.get("r-1")?.status).toBe("confirmed");
    expect(asked).toContain("EventName");
  });

  it("slows down under throttling by other tools instead of losing the evidence, without spending the retry budget", async () => {
    const t0 = Date.now();
    const trail = busyTrail(0, [{ requestId: "r-1", key: "ASIAPERSONA1" }], t0);
    let throttlesLeft = 6;
    const times: number[] = [];
    const client = {
      send: async (cmd: never) => {
        times.push(Date.now());
        if (throttlesLeft-- > 0)
          throw Object.assign(new Error("Rate exceeded"), {
            name: "ThrottlingException",
            $metadata: { httpStatusCode: 400 },
          });
        return trail.client.send(cmd);
      },
    } as unknown as CloudTrailClient;
    const poller = new CloudTrailPoller(client, {
      requestsPerSecond: 100,
      retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      sweepIntervalMs: [20, 50],
      windowPaddingMs: 0,
    });
    const found = await poller.confirm([keyed("r-1", "ASIAPERSONA1", t0)], {
      deadlineMs: 10_000,
      settleMs: 0,
      signal: new AbortController().signal,
    });
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
    const poller = new CloudTrailPoller(client, {
      requestsPerSecond: 1000,
      retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      sweepIntervalMs: [20, 50],
      windowPaddingMs: 1_000,
    });
    const started = Date.now();
    const found = await poller.confirm([keyedAt("r-1", "ASIAPERSONA1"), keyedAt("r-2", "ASIAPERSONA2")], {
      deadlineMs: 5_000,
      settleMs: 0,
      signal: new AbortController().signal,
    });
    expect([...found.values()].map((m) => m.status)).toEqual(["confirmed", "confirmed"]);
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});

/**
 * A trail of StartQueryExecution records `{ id, key, at }` (newest first, 50 a page), as `records()`
 * returns them at the moment of each call; `ours` is the access key whose records are on behalf of u-1.
 */
function timedTrail(records: () => { id: string; key: string; at: number }[], ours: string) {
  return {
    send: async (cmd: {
      input: { NextToken?: string; LookupAttributes: { AttributeKey: string; AttributeValue: string }[] };
    }) => {
      const a = cmd.input.LookupAttributes[0];
      const hits = records()
        .filter((r) => a.AttributeKey === "EventName" || r.key === a.AttributeValue)
        .sort((x, y) => y.at - x.at);
      const off = Number(cmd.input.NextToken ?? 0);
      return {
        Events: hits.slice(off, off + 50).map((r) => ({
          EventId: r.id,
          EventTime: new Date(r.at),
          CloudTrailEvent: JSON.stringify({
            eventID: r.id,
            eventName: "StartQueryExecution",
            eventSource: "athena.amazonaws.com",
            eventTime: new Date(r.at).toISOString(),
            requestID: r.id,
            userIdentity: { accessKeyId: r.key, onBehalfOf: { userId: r.key === ours ? "u-1" : "u-x" } },
          }),
        })),
        ...(hits.length > off + 50 ? { NextToken: String(off + 50) } : {}),
      };
    },
  } as unknown as CloudTrailClient;
}

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
    const poller = new CloudTrailPoller(client, {
      requestsPerSecond: 1000,
      retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      sweepIntervalMs: [20, 200],
      windowPaddingMs: 1_000,
    });
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
      { deadlineMs: 5_000, settleMs: 0, signal: new AbortController().signal },
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
    const poller = new CloudTrailPoller(client, {
      requestsPerSecond: 1000,
      retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
      sweepIntervalMs: [200, 200],
      windowPaddingMs: 10_000,
    });
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
      { deadlineMs: 500, settleMs: 0, signal: new AbortController().signal },
    );
    expect(found.get("r-1")?.status).toBe("confirmed");
  });
});
