// Stand-ins for LookupEvents, shared by the poller's tests: records become visible as the test says,
// newest first, 50 a page, and the poller under test gets fast test defaults.
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { EvidenceRequest } from "../../src/core/evidence.js";
import { CloudTrailPoller, type PollerOptions } from "../../src/adapters/cloudtrail/poller.js";

/** A poller at test speed: 1,000 calls/s, no retries, sweeps every 20–50 ms, no window padding. */
export function testPoller(client: CloudTrailClient, o: Partial<PollerOptions> = {}): CloudTrailPoller {
  return new CloudTrailPoller(client, {
    requestsPerSecond: 1000,
    retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 },
    sweepIntervalMs: [20, 50],
    windowPaddingMs: 0,
    ...o,
  });
}

/** A StartQueryExecution record as LookupEvents carries it (a JSON string), made at `at` with `userIdentity`. */
const queryRecord = (id: string, at: number, userIdentity: object) =>
  JSON.stringify({
    eventID: id,
    eventName: "StartQueryExecution",
    eventSource: "athena.amazonaws.com",
    eventTime: new Date(at).toISOString(),
    requestID: id,
    userIdentity,
  });

/** A LookupEvents stand-in: records become visible at their delivery time, newest first, 50 a page. */
export function fakeTrail(deliveries: { requestId: string; atMs: number }[], t0: number) {
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
          CloudTrailEvent: queryRecord(d.requestId, t0, { onBehalfOf: { userId: "u-1" } }),
        })),
        ...(visible.length > offset + 50 ? { NextToken: String(offset + 50) } : {}),
      };
    },
  } as unknown as CloudTrailClient;
  return { client, calls };
}

export const request = (id: string, t0: number): EvidenceRequest => ({
  key: id,
  eventSource: "athena.amazonaws.com",
  eventName: "StartQueryExecution",
  userId: "u-1",
  expectErrorCode: false,
  correlation: { requestId: id, startedAt: t0, finishedAt: t0 },
});

/** A request looked up by the session's access key first, by event name before the deadline. */
export const keyed = (id: string, key: string, t0: number): EvidenceRequest => ({
  ...request(id, t0),
  lookup: { first: { key: "AccessKeyId", value: key }, fallback: { key: "EventName", value: "StartQueryExecution" } },
});

/** A busy account: `foreign` records of the same event name by other users, plus ours, each with its key. */
export function busyTrail(foreign: number, ours: { requestId: string; key: string }[], t0: number) {
  return sessionNameTrail({ foreign, ours, listedUsername: "tip-busy-run" }, t0);
}

/**
 * A trail of StartQueryExecution records `{ id, key, at }` (newest first, 50 a page), as `records()`
 * returns them at the moment of each call; `ours` is the access key whose records are on behalf of u-1.
 */
export function timedTrail(records: () => { id: string; key: string; at: number }[], ours: string) {
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
          CloudTrailEvent: queryRecord(r.id, r.at, {
            accessKeyId: r.key,
            onBehalfOf: { userId: r.key === ours ? "u-1" : "u-x" },
          }),
        })),
        ...(hits.length > off + 50 ? { NextToken: String(off + 50) } : {}),
      };
    },
  } as unknown as CloudTrailClient;
}

/** The options of `confirm` with no settle and a signal nobody aborts. */
export const until = (deadlineMs: number) => ({ deadlineMs, settleMs: 0, signal: new AbortController().signal });

/** `n` persona sessions, each with one request and its access key. */
export const sessions = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ requestId: `r-${i}`, key: `ASIAPERSONA${i}` }));

/** `client`, throttled by other tools for its first `n` calls; `times` gets every call's time. */
export function throttledFirst(client: CloudTrailClient, n: number, times: number[]): CloudTrailClient {
  let left = n;
  return {
    send: async (cmd: never) => {
      times.push(Date.now());
      if (left-- > 0)
        throw Object.assign(new Error("Rate exceeded"), {
          name: "ThrottlingException",
          $metadata: { httpStatusCode: 400 },
        });
      return client.send(cmd);
    },
  } as unknown as CloudTrailClient;
}

/** A persona call planned as lookupPlan plans it: by the run's role session name, then by its session's key. */
export const byUsername = (id: string, key: string, sessionName: string, t0: number): EvidenceRequest => ({
  ...request(id, t0),
  correlation: { requestId: id, startedAt: t0, finishedAt: t0, accessKeyId: key },
  lookup: { first: { key: "Username", value: sessionName }, fallback: { key: "AccessKeyId", value: key } },
});

/**
 * An account where the run's persona sessions (`ours`, each `{ requestId, key }`) share one role
 * session name among `foreign` other users' records of the same event name, visible from `visibleAtMs`.
 * `listedUsername` is what LookupEvents says each of our records' Username is (and what a lookup by
 * Username matches): the session name on AWS as its CLI example shows it, anything else to test the
 * poller's check of that. `asked` gets every call's attribute key.
 */
export function sessionNameTrail(
  o: {
    foreign: number;
    ours: { requestId: string; key: string }[];
    listedUsername: string;
    visibleAtMs?: number;
    /** Delivered once this many lookups by Username have been made (instead of by time). */
    visibleFromUsernameCall?: number;
  },
  t0: number,
) {
  let usernameCalls = 0;
  const all = [
    ...Array.from({ length: o.foreign }, (_, i) => ({
      requestId: `other-${i}`,
      key: `ASIAOTHER${i % 7}`,
      user: `bg-user-${i % 7}`,
    })),
    ...o.ours.map((d) => ({ ...d, user: o.listedUsername })),
  ];
  const asked: string[] = [];
  const client = {
    send: async (cmd: {
      input: { NextToken?: string; LookupAttributes: { AttributeKey: string; AttributeValue: string }[] };
    }) => {
      const a = cmd.input.LookupAttributes[0];
      asked.push(a.AttributeKey);
      if (a.AttributeKey === "Username") usernameCalls++;
      const delivered =
        o.visibleFromUsernameCall !== undefined
          ? usernameCalls >= o.visibleFromUsernameCall
          : Date.now() - t0 >= (o.visibleAtMs ?? 0);
      const visible = delivered ? all : [];
      const hits = visible.filter((d) =>
        a.AttributeKey === "AccessKeyId"
          ? d.key === a.AttributeValue
          : a.AttributeKey === "Username"
            ? d.user === a.AttributeValue
            : true,
      );
      const offset = Number(cmd.input.NextToken ?? 0);
      return {
        Events: hits.slice(offset, offset + 50).map((d) => ({
          EventId: d.requestId,
          EventTime: new Date(t0),
          AccessKeyId: d.key,
          Username: d.user,
          CloudTrailEvent: queryRecord(d.requestId, t0, {
            accessKeyId: d.key,
            onBehalfOf: { userId: d.key.startsWith("ASIAOTHER") ? "u-other" : "u-1" },
          }),
        })),
        ...(hits.length > offset + 50 ? { NextToken: String(offset + 50) } : {}),
      };
    },
  } as unknown as CloudTrailClient;
  return { client, asked };
}
