import { describe, expect, it } from "vitest";
import { sampleReport } from "../../../test/helpers/sample-report.js";
import type { RunOutcome } from "../../app/run.js";
import type { RunReport } from "../../model/report.js";
import { assertResult, runLevelProblems, TipVerdictError } from "./assert.js";

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

describe("runLevelProblems (the adapter's last test: review s22c F2)", () => {
  const outcome = (report: RunReport, reportFailures: RunOutcome["reportFailures"] = []): RunOutcome =>
    ({ report, outputDir: "/r", reportFailures, exitCode: report.summary.exitCode }) as RunOutcome;

  it("nothing beyond the checks: no problem", () => {
    expect(runLevelProblems(outcome(sampleReport()))).toEqual([]);
  });

  it("a drifted directory fails the run whatever its checks say", () => {
    const r = sampleReport();
    const drifted = {
      ...r,
      personas: r.personas.map((p, i) =>
        i === 0 ? { ...p, drift: { expected: ["DataScientists"], actual: ["MarketAnalytics"] } } : p,
      ),
    };
    expect(runLevelProblems(outcome(drifted)).join("\n")).toMatch(/premise did not hold \(directory drift\)/);
  });

  it("reports that could not be written, and an interrupted run", () => {
    const r = sampleReport();
    const failures = [{ reporter: "html", hook: "onEnd" as const, error: new Error("EACCES") }];
    expect(runLevelProblems(outcome(r, failures))).toEqual([
      expect.stringMatching(/^error REPORT_WRITE: html reporter: EACCES/),
    ]);
    expect(runLevelProblems(outcome({ ...r, interrupted: true }))).toEqual([
      expect.stringMatching(/stopped before its end/),
    ]);
  });
});
