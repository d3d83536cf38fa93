import { describe, expect, it } from "vitest";
import { sampleReport } from "../../test/helpers/sample-report.js";
import { annotateRun } from "../exceptions/apply.js";
import { confirmedReport } from "./confirm.js";

describe("confirmedReport", () => {
  // sampleReport: arnav × datascience-prefix is pending (met its expectation, record not yet delivered).
  const pending = sampleReport().results.find((r) => r.verdict === "pending")!;
  const run = annotateRun(sampleReport(), {
    asOf: "2026-10-01",
    register: {
      file: "exceptions.yaml",
      sha256: "a".repeat(64),
      register: {
        version: 1,
        exceptions: [
          {
            id: "late-records",
            personas: [pending.persona],
            checks: [pending.check],
            justification: "records attributed to the broker until SEC-9 ships",
            owner: "platform",
            ticket: "SEC-9",
            expires: "2026-12-31",
          },
        ],
      },
    },
  });
  const mismatch = new Map([
    [pending.id, { status: "mismatch" as const, events: [], problems: ["the record names someone else"] }],
  ]);

  it("waives a result that fails only once its record arrives, as the run's register would have", () => {
    expect(run.warnings).toEqual([expect.stringMatching(/^EXCEPTION UNMATCHED: late-records/)]);
    const out = confirmedReport(run, mismatch, "2026-10-02T00:00:00.000Z");
    const r = out.results.find((x) => x.id === pending.id)!;
    expect(r.verdict).toBe("fail");
    expect(r.reasons).toContain("the record names someone else");
    expect(r.waiver).toMatchObject({ exception: "late-records", owner: "platform", ticket: "SEC-9" });
    expect(out.exceptions!.entries[0]).toMatchObject({ status: "live", waived: [pending.id] });
    expect(out.warnings).toBeUndefined();
    expect(out.summary.waived).toBe(1);
    expect(out.summary.pending).toBe(0);
  });

  it("judges expiry at the run's date, not the day confirm runs", () => {
    const out = confirmedReport(run, mismatch, "2027-03-01T00:00:00.000Z");
    expect(out.asOf).toBe("2026-10-01");
    expect(out.results.find((x) => x.id === pending.id)!.waiver).toBeDefined();
  });

  it("a confirmed record makes a pass, which no exception touches", () => {
    const confirmed = new Map([[pending.id, { status: "confirmed" as const, events: [], problems: [] }]]);
    const out = confirmedReport(run, confirmed, "2026-10-02T00:00:00.000Z");
    const r = out.results.find((x) => x.id === pending.id)!;
    expect(r.verdict).toBe("pass");
    expect(r.waiver).toBeUndefined();
    expect(out.warnings).toEqual([expect.stringMatching(/^EXCEPTION UNMATCHED: late-records/)]);
  });
});
