import { describe, expect, it } from "vitest";
import { sampleReport } from "../../../test/helpers/sample-report.js";
import { assertResult, TipVerdictError } from "./assert.js";

const result = (persona: string, check: string) =>
  sampleReport().results.find((r) => r.persona === persona && r.check === check)!;

describe("assertResult (the vitest adapter's assertion)", () => {
  it("passes a pass", () => {
    expect(assertResult(result("arnav", "select-all-columns"))).toEqual({});
  });

  it("fails an unexpected allow with the reasons, the query id and the CloudTrail event", () => {
    const r = result("wei", "select-pii-account-number");
    expect(() => assertResult(r)).toThrow(TipVerdictError);
    expect(() => assertResult(r)).toThrow(
      /^UNEXPECTED ALLOW: wei × select-pii-account-number \(bank\)\n {2}- UNEXPECTED ALLOW: expected a denial/,
    );
    expect(() => assertResult(r)).toThrow(/Athena query execution id: 11111111-aaaa-4aaa-8aaa-000000000003/);
    expect(() => assertResult(r)).toThrow(
      /CloudTrail StartQueryExecution e0000001-0000-4000-8000-000000000003 on behalf of 9067c2a1f3-/,
    );
  });

  it("fails an error, naming its kind", () => {
    expect(() => assertResult(result("dana", "datascience-prefix"))).toThrow(
      /^ERROR: dana × datascience-prefix[\s\S]*error: throttled/,
    );
  });

  it("skips pending evidence with a note by default, and fails it on request", () => {
    const r = result("arnav", "datascience-prefix");
    expect(assertResult(r).skip).toMatch(/^CloudTrail evidence pending: /);
    expect(() => assertResult(r, "fail")).toThrow(/^PENDING EVIDENCE: arnav × datascience-prefix/);
  });
});
