import { describe, expect, it } from "vitest";
import { correlates, judge, lookupPlan, trimRecord, type EvidenceRequest, type TrailRecord } from "./evidence.js";

const rec = (over: Partial<TrailRecord> = {}): TrailRecord => ({
  eventID: "e1",
  eventName: "StartQueryExecution",
  eventSource: "athena.amazonaws.com",
  eventTime: new Date(1000).toISOString(),
  requestID: "r1",
  userIdentity: { accessKeyId: "ASIAIOSFODNN7EXAMPLE", onBehalfOf: { userId: "u1", identityStoreArn: "arn" } },
  responseElements: { queryExecutionId: "q1" },
  requestParameters: { queryString: "SELECT secret_value" },
  ...over,
});
const req = (over: Partial<EvidenceRequest> = {}): EvidenceRequest => ({
  key: "k",
  eventSource: "athena.amazonaws.com",
  eventName: "StartQueryExecution",
  correlation: { requestId: "r1", startedAt: 0, finishedAt: 2000 },
  userId: "u1",
  expectErrorCode: false,
  ...over,
});

describe("evidence matching", () => {
  it("correlates on request id first", () => {
    expect(correlates(req(), rec())).toBe(true);
    expect(correlates(req(), rec({ requestID: "other" }))).toBe(false);
  });
  it("flags a record on behalf of another user", () => {
    expect(judge(req(), rec({ userIdentity: { onBehalfOf: { userId: "u2" } } })).ok).toBe(false);
  });
  it("requires errorCode on refused calls", () => {
    expect(judge(req({ expectErrorCode: true }), rec()).problems[0]).toMatch(/no errorCode/);
  });
  it("trims query strings and masks access key ids", () => {
    const t = JSON.stringify(trimRecord(rec()));
    expect(t).not.toContain("secret_value");
    expect(t).not.toContain("ASIAIOSFODNN7EXAMPLE");
  });
});

describe("lookup plan", () => {
  it("looks a persona's calls up by the run's role session name, then by the session's access key", () => {
    const plan = lookupPlan("athena", "StartQueryExecution", {
      startedAt: 0,
      finishedAt: 1,
      accessKeyId: "ASIAX",
      roleSessionName: "tip-20261130-053615-dbd4",
    });
    expect(plan).toEqual({
      first: { key: "Username", value: "tip-20261130-053615-dbd4" },
      fallback: { key: "AccessKeyId", value: "ASIAX" },
    });
  });
  it("looks sign-ins up by the base principal's key, then by event name (their Username is the caller's)", () => {
    expect(
      lookupPlan("signin", "AssumeRole", {
        startedAt: 0,
        finishedAt: 1,
        accessKeyId: "AKIAB",
        roleSessionName: "tip-20261130-053615-dbd4",
      }).fallback,
    ).toEqual({ key: "EventName", value: "AssumeRole" });
  });
  it("falls back to event names when no key is known (e.g. `confirm` from a stored report)", () => {
    expect(lookupPlan("athena", "StartQueryExecution", { startedAt: 0, finishedAt: 1 }).first).toEqual({
      key: "EventName",
      value: "StartQueryExecution",
    });
  });
  it("does not change matching: a key-found record with another request id does not correlate", () => {
    expect(
      correlates(
        req({ correlation: { requestId: "r1", accessKeyId: "ASIAIOSFODNN7EXAMPLE", startedAt: 0, finishedAt: 2000 } }),
        rec({ requestID: "r9" }),
      ),
    ).toBe(false);
  });
});
