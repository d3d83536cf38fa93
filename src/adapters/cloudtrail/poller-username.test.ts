// Persona calls looked up by the run's role session name (CloudTrail's Username): one listing for all
// of the run's sessions whatever the account's traffic, and the check that Username really is the
// session name on this account, with the calls going by access key when it is not.
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { describe, expect, it } from "vitest";
import { byUsername, sessionNameTrail, sessions, testPoller, until } from "../../../test/helpers/cloudtrail-fakes.js";

const SESSION = "tip-run00001";

/** `n` persona sessions among `foreign` other users' records; every request must be confirmed. */
async function confirmByUsername(n: number, foreign: number, listedUsername = SESSION, visibleAtMs = 0) {
  const t0 = Date.now();
  const ours = sessions(n);
  const { client, asked } = sessionNameTrail({ foreign, ours, listedUsername, visibleAtMs }, t0);
  const poller = testPoller(client);
  const found = await poller.confirm(
    ours.map((o) => byUsername(o.requestId, o.key, SESSION, t0)),
    until(5_000),
  );
  expect([...found.values()].map((m) => m.status)).toEqual(Array(n).fill("confirmed"));
  return { asked, poller, ms: Date.now() - t0 };
}

describe("CloudTrailPoller by the run's role session name", () => {
  it("reads the run's own records in one listing, the same calls in a quiet account and a busy one", async () => {
    const quiet = await confirmByUsername(20, 0);
    const busy = await confirmByUsername(20, 5_000);
    // 20 sessions: one call, where by key it would be 20 and by name 101 pages in the busy account.
    expect(quiet.asked).toEqual(["Username"]);
    expect(busy.asked).toEqual(["Username"]);
    expect(busy.poller.stats()).toMatchObject({ lookupCalls: 1, usernameLookups: "proven" });
  });

  it("pages through the run's records, never the account's, when they outgrow a page", async () => {
    const { asked } = await confirmByUsername(120, 5_000);
    expect(asked).toEqual(["Username", "Username", "Username"]);
  });

  it("until delivery, probes one page by a session's key at sweeps 1, 2, 4, 8…, not every sweep", async () => {
    const { asked } = await confirmByUsername(3, 5_000, SESSION, 400);
    const sweeps = asked.filter((a) => a === "Username").length,
      probes = asked.filter((a) => a === "AccessKeyId").length;
    expect(sweeps).toBeGreaterThan(4);
    expect(probes).toBeGreaterThanOrEqual(1);
    expect(probes).toBeLessThanOrEqual(Math.floor(Math.log2(sweeps)) + 1);
  });

  it("when Username is not the session name here, a record of ours read by key says so and the calls go by the measured strategy, long before the deadline", async () => {
    const quiet = await confirmByUsername(3, 0, "something-else");
    expect(quiet.poller.stats().usernameLookups).toBe("disproven");
    // Sweep 1: the Username listing finds nothing; the probe by the oldest call's key reads its record
    // (another Username) and confirms it; sweep 2: the other two as sign-ins are, by name in a quiet account…
    expect(quiet.asked).toEqual(["Username", "AccessKeyId", "EventName"]);
    expect(quiet.ms).toBeLessThan(2_000);
    // …and by key in a busy one, once 2 pages by name (the price of 2 keys) have measured its traffic.
    const busy = await confirmByUsername(3, 5_000, "something-else");
    expect(busy.asked).toEqual(["Username", "AccessKeyId", "EventName", "EventName", "AccessKeyId", "AccessKeyId"]);
    expect(busy.ms).toBeLessThan(2_000);
  });

  it("a probe that disproves Username in the sweep before the deadline still leaves every request its key", async () => {
    // Delivered for sweep 2, which is both the last one and a probe sweep: the probe reads session
    // 0's record (another Username) after the requests were grouped by Username; the other two must
    // still be looked up by their keys, not left pending.
    const t0 = Date.now();
    const ours = sessions(3);
    const { client, asked } = sessionNameTrail(
      { foreign: 0, ours, listedUsername: "something-else", visibleFromUsernameCall: 2 },
      t0,
    );
    const poller = testPoller(client);
    const found = await poller.confirm(
      ours.map((o) => byUsername(o.requestId, o.key, SESSION, t0)),
      until(20),
    );
    expect([...found.values()].map((m) => m.status)).toEqual(["confirmed", "confirmed", "confirmed"]);
    expect(poller.stats().usernameLookups).toBe("disproven");
    expect(asked.filter((a) => a === "AccessKeyId").length).toBeGreaterThanOrEqual(3);
  });

  it("probes the next session each time, so one session without records does not keep the question open", async () => {
    // Session 0's call left no record; sessions 1 and 2 did, with another Username.
    const t0 = Date.now();
    const ours = sessions(3);
    const { client, asked } = sessionNameTrail(
      { foreign: 0, ours: ours.slice(1), listedUsername: "something-else" },
      t0,
    );
    const poller = testPoller(client);
    const found = await poller.confirm(
      ours.map((o) => byUsername(o.requestId, o.key, SESSION, t0)),
      until(2_000),
    );
    expect(poller.stats().usernameLookups).toBe("disproven");
    expect(found.get("r-1")?.status).toBe("confirmed");
    expect(found.get("r-2")?.status).toBe("confirmed");
    expect(found.get("r-0")?.status).toBe("pending");
    // Sweep 1 probes session 0 (nothing), sweep 2 session 1: disproven, and no Username listing after.
    expect(asked.filter((a) => a === "Username")).toEqual(["Username", "Username"]);
  });
});

describe("one Username listing holds every persona's records: matching still decides", () => {
  /** A listing by the run's session name returning `records` (key, user id, request id). */
  const shared = (t0: number, records: { id: string; key: string; userId: string; requestId?: string }[]) =>
    ({
      send: async () => ({
        Events: records.map((d) => ({
          EventId: d.id,
          EventTime: new Date(t0),
          Username: SESSION,
          CloudTrailEvent: JSON.stringify({
            eventID: d.id,
            eventName: "StartQueryExecution",
            eventSource: "athena.amazonaws.com",
            eventTime: new Date(t0).toISOString(),
            ...(d.requestId ? { requestID: d.requestId } : {}),
            userIdentity: { accessKeyId: d.key, onBehalfOf: { userId: d.userId } },
          }),
        })),
      }),
    }) as unknown as CloudTrailClient;

  it("another persona's record never proves a call, and a record on behalf of the wrong user is a mismatch", async () => {
    const t0 = Date.now();
    // Wei's call lost its response (no request id): only Maria's record, same session name, is there.
    const lost = { ...byUsername("wei-call", "ASIAWEI", SESSION, t0) };
    lost.correlation = { startedAt: t0, finishedAt: t0, accessKeyId: "ASIAWEI" };
    const arnav = byUsername("arnav-call", "ASIAARNAV", SESSION, t0);
    const client = shared(t0, [
      { id: "e-maria", key: "ASIAMARIA", userId: "u-maria" },
      { id: "e-arnav", key: "ASIAARNAV", userId: "u-someone-else", requestId: "arnav-call" },
    ]);
    const found = await testPoller(client).confirm([lost, arnav], until(200));
    expect(found.get("wei-call")?.status).toBe("pending");
    expect(found.get("arnav-call")?.status).toBe("mismatch");
  });
});
