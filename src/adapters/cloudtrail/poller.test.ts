import { describe, expect, it } from "vitest";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudTrailPoller } from "./poller.js";
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
          EventId: d.requestId, EventTime: new Date(t0),
          CloudTrailEvent: JSON.stringify({ eventID: d.requestId, eventName: "StartQueryExecution", eventSource: "athena.amazonaws.com", eventTime: new Date(t0).toISOString(), requestID: d.requestId, userIdentity: { onBehalfOf: { userId: "u-1" } } }),
        })),
        ...(visible.length > offset + 50 ? { NextToken: String(offset + 50) } : {}),
      };
    },
  } as unknown as CloudTrailClient;
  return { client, calls };
}

const request = (id: string, t0: number): EvidenceRequest => ({
  key: id, eventSource: "athena.amazonaws.com", eventName: "StartQueryExecution", userId: "u-1", expectErrorCode: false,
  correlation: { requestId: id, startedAt: t0, finishedAt: t0 },
});

describe("CloudTrailPoller", () => {
  it("sweeps again soon once delivery has begun, instead of after its longest pause", async () => {
    const t0 = Date.now();
    const { client, calls } = fakeTrail([{ requestId: "r-1", atMs: 700 }, { requestId: "r-2", atMs: 800 }], t0);
    const poller = new CloudTrailPoller(client, { requestsPerSecond: 1000, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, sweepIntervalMs: [50, 5_000], windowPaddingMs: 0 });
    const found = await poller.confirm([request("r-1", t0), request("r-2", t0)], { deadlineMs: 10_000, settleMs: 0, signal: new AbortController().signal });
    expect([...found.values()].map((m) => m.status)).toEqual(["confirmed", "confirmed"]);
    // Pauses 50, 100, 200, 400 ms find r-1 at about 750 ms; without the reset the next pause would be
    // 1.6 s, not 50 ms.
    expect(Date.now() - t0).toBeLessThan(1_400);
    expect(poller.stats().records).toBe(2);
    expect(calls.length).toBeLessThan(12);
  });
});
