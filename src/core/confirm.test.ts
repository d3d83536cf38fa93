// applyEvidence (confirm): late records turn pending results into passes, but never clear what the run
// itself found (review s22b L4, and what it showed nearby).
import { describe, expect, it } from "vitest";
import { sampleReport } from "../../test/helpers/sample-report.js";
import type { RunReport } from "../model/report.js";
import { applyEvidence } from "./confirm.js";

/** sampleReport with only its pending result left, and that result's record now delivered. */
function confirmedLater(over: Partial<RunReport>) {
  const base = sampleReport();
  const pending = base.results.find((r) => r.verdict === "pending")!;
  const report: RunReport = { ...base, results: [pending], ...over };
  return applyEvidence(
    report,
    new Map([[pending.id, { status: "confirmed" as const, events: pending.evidence.cloudtrail ?? [], problems: [] }]]),
    "2026-11-23T09:00:00Z",
  );
}

describe("applyEvidence", () => {
  it("all confirmed and nothing else found: exit 0", () => {
    expect(confirmedLater({}).summary.exitCode).toBe(0);
  });

  it("the run's catalog drift still fails it once every record is in (it exited 0 before)", () => {
    const out = confirmedLater({
      proofs: {
        catalog: [{ database: "db", table: "t", status: "drift", columns: ["a"], added: ["a"] }],
        workgroups: [],
        objects: [],
      },
    });
    expect(out.results[0].verdict).toBe("pass");
    expect(out.summary.exitCode).toBe(1);
  });

  it("an interrupted run keeps the code it stopped with: 124 at its time limit, 143 on SIGTERM", () => {
    for (const code of [124, 143]) {
      const base = sampleReport();
      const out = confirmedLater({ interrupted: true, summary: { ...base.summary, exitCode: code } });
      expect(out.summary.exitCode).toBe(code);
    }
  });
});
