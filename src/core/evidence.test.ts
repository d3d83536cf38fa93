import { describe, expect, it } from "vitest";
import { correlates, judge, trimRecord, type EvidenceRequest, type TrailRecord } from "./evidence.js";

const rec = (over: Partial<TrailRecord> = {}): TrailRecord => ({
  eventID: "e1", eventName: "StartQueryExecution", eventSource: "athena.amazonaws.com", eventTime: new Date(1000).toISOString(), requestID: "r1",
  userIdentity: { accessKeyId: "ASIAABCDEFGHIJKLMNOP", onBehalfOf: { userId: "u1", identityStoreArn: "arn" } },
  responseElements: { queryExecutionId: "q1" }, requestParameters: { queryString: "SELECT secret_value" }, ...over,
});
const req = (over: Partial<EvidenceRequest> = {}): EvidenceRequest => ({ key: "k", eventSource: "athena.amazonaws.com", eventName: "StartQueryExecution", correlation: { requestId: "r1", startedAt: 0, finishedAt: 2000 }, userId: "u1", expectErrorCode: false, ...over });

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
    expect(t).not.toContain("ASIAABCDEFGHIJKLMNOP");
  });
});
