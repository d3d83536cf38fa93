// The one presentation module: one order of findings, one link policy, one expected text in two styles.
import { describe, expect, it } from "vitest";
import { sampleReport } from "../../test/helpers/sample-report.js";
import { renderMarkdown } from "./markdown.js";
import { eventLink, expectedText, findingKind, sortFindings, verdictLine } from "./present.js";

describe("present", () => {
  it("orders findings one way: unexpected allows, leaks, other fails, errors, pending", () => {
    const kinds = sortFindings(sampleReport().results.filter((r) => r.verdict !== "pass")).map(findingKind);
    expect(kinds).toEqual(["unexpected-allow", "leak", "error", "pending"]);
  });

  it("a partial run's title still leads with its unexpected allows, and says why it stopped", () => {
    const r = sampleReport();
    expect(verdictLine({ ...r, interrupted: true })).toBe(
      "INTERRUPTED: 1 unexpected allow(s); 2 of 6 checks passed before the run was stopped",
    );
    expect(verdictLine({ ...r, interrupted: true, globalTimeoutMs: 2000 })).toBe(
      "GLOBAL TIMEOUT: 1 unexpected allow(s); 2 of 6 checks passed before the run reached its time limit (2 s)",
    );
  });

  it("links an event to the CloudTrail console only for a real AWS target", () => {
    const t = sampleReport().target;
    expect(eventLink(t, "e1")).toBeUndefined();
    expect(eventLink({ ...t, kind: "aws" }, "e1")).toBe(
      "https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/e1",
    );
  });

  it("report.md has no dead console links for a sandbox run, and keeps them for AWS", () => {
    const r = sampleReport();
    expect(renderMarkdown(r)).not.toContain("console.aws.amazon.com");
    expect(renderMarkdown(r)).toContain("StartQueryExecution e0000001");
    expect(renderMarkdown({ ...r, target: { ...r.target, kind: "aws" } })).toContain(
      "([console](https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/e0000001-0000-4000-8000-000000000001))",
    );
  });

  it("states an expectation briefly for a table cell and in full for a CI page", () => {
    const e = {
      outcome: "allowed" as const,
      columns: { visible: ["a", "b"], hidden: ["c"] },
      rows: { min: 1 },
      cloudtrail: true,
    };
    expect(expectedText(e, "brief")).toBe("allowed; 2 columns exactly; hidden: c");
    expect(expectedText(e, "listed")).toBe('allowed; visible: a, b; hidden: c; rows {"min":1}');
    expect(expectedText({ outcome: "denied", layer: "lakeformation", cloudtrail: true }, "brief")).toBe(
      "denied by lakeformation",
    );
  });
});
