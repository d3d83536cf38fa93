// CloudTrail LookupEvents (awsJson1_1) through the real CloudTrailClient — success pages and every
// modelled error — and the X-Amz-Target forms other SDKs send (botocore's long CloudTrail prefix,
// Athena's and Identity Store's prefixes), signed by hand and checked against the same models.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LookupEventsCommand,
  type LookupEventsCommandInput,
  type LookupEventsCommandOutput,
} from "@aws-sdk/client-cloudtrail";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { send } from "../helpers/fidelity-kit.js";
import { validateResponse } from "../helpers/model-validate.js";
import { rawSigned } from "../helpers/wire-capture.js";
import { ErrorCoverage, expectAwsError, expectDeviation, expectOk } from "./expect.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
  await send(sb, "sts", new GetCallerIdentityCommand({}));
  await send(sb, "sts", new GetCallerIdentityCommand({}));
});
afterAll(async () => {
  await sb?.stop();
});

const coverage = new ErrorCoverage("cloudtrail");
/** One call a (sandbox) second later than the last: the 2-TPS limit never interferes, delivery delay has passed. */
const lookup = (input: LookupEventsCommandInput) => {
  sb.clock.advance(1000);
  return send<LookupEventsCommandOutput>(sb, "cloudtrail", new LookupEventsCommand(input));
};
const byName = (AttributeValue: string) => [{ AttributeKey: "EventName" as const, AttributeValue }];

describe("LookupEvents", () => {
  it("pages conform: Events with CloudTrailEvent as a JSON string, NextToken, then the last page", async () => {
    const first = expectOk(
      "cloudtrail",
      await lookup({ LookupAttributes: byName("GetCallerIdentity"), MaxResults: 1 }),
    );
    expect(first.Events).toHaveLength(1);
    expect(typeof JSON.parse(first.Events![0].CloudTrailEvent!)).toBe("object");
    const last = expectOk(
      "cloudtrail",
      await lookup({ LookupAttributes: byName("GetCallerIdentity"), MaxResults: 1, NextToken: first.NextToken }),
    );
    expect(last.Events).toHaveLength(1);
    expectOk("cloudtrail", await lookup({}));
  });

  const cases: [string, LookupEventsCommandInput][] = [
    [
      "InvalidLookupAttributesException",
      { LookupAttributes: [...byName("A"), { AttributeKey: "Username", AttributeValue: "b" }] },
    ],
    ["InvalidTimeRangeException", { StartTime: new Date(Date.now()), EndTime: new Date(Date.now() - 3600e3) }],
    ["InvalidMaxResultsException", { MaxResults: 51 }],
    ["InvalidNextTokenException", { NextToken: "garbage" }],
    ["InvalidEventCategoryException", { EventCategory: "bogus" as never }],
  ];
  it.each(cases)("%s (400, modelled)", async (name, input) => {
    expectAwsError("cloudtrail", await lookup(input), name, 400);
    coverage.modelled("LookupEvents", name);
  });

  it("ThrottlingException beyond 2 calls per second (not listed for LookupEvents; 400 where the shape says 429)", async () => {
    sb.clock.advance(1000);
    // Sent together, so the burst stays inside the token bucket's refill time even on a slow machine.
    const burst = await Promise.all(
      [1, 2, 3].map(() => send(sb, "cloudtrail", new LookupEventsCommand({ MaxResults: 1 }))),
    );
    const throttled = burst.filter((s) => s.error);
    expect(throttled).toHaveLength(1);
    expectAwsError("cloudtrail", throttled[0], "ThrottlingException", 400);
    expectDeviation("cloudtrail", throttled[0], "cloudtrail-throttling-status-400");
  });

  it("every modelled error is exercised or named as not emulated", () => {
    coverage.complete("LookupEvents", {
      OperationNotPermittedException: "organization/delegated-administrator trails are not emulated",
      UnsupportedOperationException: "no operation of the sandbox's CloudTrail is unsupported in its Region",
    });
  });
});

describe("X-Amz-Target forms of other SDKs (raw SigV4 requests)", () => {
  const json = (service: string, target: string, body: unknown) => {
    sb.clock.advance(1000);
    return rawSigned({
      endpoint: sb.endpoint,
      service,
      method: "POST",
      path: "/",
      credentials: sb.baseCredentials,
      signingDate: new Date(sb.clock.now()),
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target },
      body: JSON.stringify(body),
    });
  };

  it("botocore's com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents", async () => {
    const res = await json("cloudtrail", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents", {
      LookupAttributes: byName("GetCallerIdentity"),
      MaxResults: 5,
    });
    expect(res.status).toBe(200);
    expect(validateResponse("cloudtrail", "LookupEvents", res)).toEqual([]);
    expect((JSON.parse(res.body.toString()) as { Events: unknown[] }).Events.length).toBeGreaterThan(0);
  });

  it("AmazonAthena.GetWorkGroup and AWSIdentityStore.DescribeUser (the targets botocore also sends)", async () => {
    const wg = await json("athena", "AmazonAthena.GetWorkGroup", { WorkGroup: "primary" });
    expect(wg.status).toBe(200);
    expect(validateResponse("athena", "GetWorkGroup", wg)).toEqual([]);
    const user = await json("identitystore", "AWSIdentityStore.DescribeUser", {
      IdentityStoreId: "d-9067c2a1f3",
      UserId: "9067c2a1f3-3f1e8b2a-5c4d-4e6f-8a9b-0c1d2e3f4a01",
    });
    expect(user.status).toBe(200);
    expect(validateResponse("identitystore", "DescribeUser", user)).toEqual([]);
  });

  it("an unknown operation behind a known prefix is refused, not answered", async () => {
    const res = await json("cloudtrail", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails", {});
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({ __type: "UnknownOperationException" });
  });
});
