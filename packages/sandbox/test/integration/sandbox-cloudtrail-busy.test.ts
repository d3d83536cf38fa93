// A busy account (fixture cloudtrail.backgroundTraffic): other users' records at a set rate under the
// event names a TIP harness looks for, Lake Formation's own GetDataAccess records among them, delivered
// after the same delay as the sandbox's own, paged with them in one order, and never found by the
// harness's own access key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CloudTrailClient,
  LookupEventsCommand,
  type LookupEventsCommandInput,
  type Event,
} from "@aws-sdk/client-cloudtrail";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { resolveFixture } from "../../src/fixture/bundled.js";
import { carrierSession } from "../helpers/sandbox-credentials.js";

const RATE = 50,
  DELAY_MS = 10_000;
let sb: Sandbox;
let offset = 0;
function advance(ms: number): void {
  sb.clock.advance(ms);
  offset += ms;
}
async function lookup(input: LookupEventsCommandInput) {
  advance(1000); // the 2-TPS limit never interferes
  return new CloudTrailClient({
    region: "us-east-1",
    endpoint: sb.endpoint,
    maxAttempts: 1,
    credentials: sb.baseCredentials,
    systemClockOffset: offset,
  }).send(new LookupEventsCommand(input));
}
const attr = (AttributeKey: "EventName" | "AccessKeyId" | "Username" | "EventSource", AttributeValue: string) => ({
  LookupAttributes: [{ AttributeKey, AttributeValue }],
});
const recordOf = (e: Event) => JSON.parse(e.CloudTrailEvent!) as Record<string, any>;

beforeAll(async () => {
  const base = resolveFixture("bank");
  sb = await startSandbox({
    fixture: { ...base, cloudtrail: { ...base.cloudtrail, backgroundTraffic: { eventsPerSecond: RATE, users: 4 } } },
  });
  sb.setFaults({ cloudtrailDelayMs: DELAY_MS });
});
afterAll(async () => {
  await sb.stop();
});

describe("background traffic", () => {
  it("delivers other users' records at the set rate, under the harness's event names, after the delivery delay", async () => {
    const start = sb.clock.now();
    advance(DELAY_MS + 20_000); // 20 s of delivered traffic (and the 1 s of each lookup)
    const all: Event[] = [];
    let token: string | undefined;
    const window = { StartTime: new Date(start - 1000), EndTime: new Date(start + 20_999) };
    do {
      const page = await lookup({ ...window, ...attr("EventSource", "lakeformation.amazonaws.com"), NextToken: token });
      all.push(...page.Events!);
      token = page.NextToken;
    } while (token);
    // One record in five is Lake Formation's: 20 s × 50/s ÷ 5, give or take the window's edges.
    expect(all.length).toBeGreaterThanOrEqual(195);
    expect(all.length).toBeLessThanOrEqual(215);
    expect(new Set(all.map((e) => e.EventId)).size).toBe(all.length);
    const times = all.map((e) => e.EventTime!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const lf = recordOf(all[0]);
    expect(lf).toMatchObject({
      eventName: "GetDataAccess",
      eventSource: "lakeformation.amazonaws.com",
      userIdentity: { invokedBy: "athena.amazonaws.com" },
      additionalEventData: { requesterService: "ATHENA" },
    });
    expect(lf.resources[0].type).toBe("AWS::Glue::Table");
    for (const name of ["StartQueryExecution", "GetDataAccess", "CreateTokenWithIAM", "AssumeRole"]) {
      const page = await lookup({ ...window, ...attr("EventName", name), MaxResults: 5 });
      expect(page.Events).toHaveLength(5);
      expect(page.NextToken).toBeDefined();
    }
    // Nothing newer than the delivery delay.
    const newest = await lookup({ MaxResults: 1 });
    expect(newest.Events![0].EventTime!.getTime()).toBeLessThanOrEqual(sb.clock.now() - DELAY_MS);
  });

  it("is another user's: on behalf of users the directory does not have, made with keys and session names not the harness's", async () => {
    const page = await lookup(attr("EventName", "StartQueryExecution"));
    const r = recordOf(page.Events![0]);
    expect(r.userIdentity.onBehalfOf.userId).toMatch(/^bb0{8}-/);
    expect(page.Events![0].AccessKeyId).toMatch(/^ASIABG/);
    expect(page.Events![0].Username).toMatch(/^bg-user-/);
    // Looked up by that key, only that user's records come back.
    const mine = await lookup(attr("AccessKeyId", page.Events![0].AccessKeyId!));
    expect(mine.Events!.length).toBeGreaterThan(0);
    expect(mine.Events!.every((e) => e.AccessKeyId === page.Events![0].AccessKeyId)).toBe(true);
  });

  it("pages the sandbox's own records and the background in one order, and a session's key finds only its own", async () => {
    const creds = carrierSession(sb, "arnav", "busy-arnav");
    const { GetCallerIdentityCommand, STSClient } = await import("@aws-sdk/client-sts");
    const calledAt = sb.clock.now();
    await new STSClient({
      region: "us-east-1",
      endpoint: sb.endpoint,
      maxAttempts: 1,
      credentials: creds,
      systemClockOffset: offset,
    }).send(new GetCallerIdentityCommand({}));
    advance(DELAY_MS);
    const byKey = await lookup(attr("AccessKeyId", creds.accessKeyId));
    expect(byKey.Events!.map((e) => e.EventName)).toEqual(["GetCallerIdentity"]);
    expect((await lookup(attr("Username", "busy-arnav"))).Events).toHaveLength(1);
    // Without an attribute, page by page: the own record is among the background's, each returned once.
    const seen = new Set<string>();
    let token: string | undefined,
      own = 0;
    // From a second before the call (its record's time), not from "now" less the time advanced: on a
    // loaded machine the real time the lookups above took moved that start past the record (a fresh-clone
    // CI run found none).
    const window = { StartTime: new Date(calledAt - 1_000), EndTime: new Date(sb.clock.now()) };
    do {
      const page = await lookup({ ...window, NextToken: token, MaxResults: 50 });
      for (const e of page.Events!) {
        expect(seen.has(e.EventId!)).toBe(false);
        seen.add(e.EventId!);
        if (e.EventName === "GetCallerIdentity") own++;
      }
      token = page.NextToken;
    } while (token);
    expect(own).toBe(1);
    expect(seen.size).toBeGreaterThan(100);
  });
});
