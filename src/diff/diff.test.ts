import { describe, expect, it } from "vitest";
import type { CheckResult, RunReport } from "../model/report.js";
import { diffReports } from "./diff.js";
import { diffHeadline, renderDiffMarkdown, renderDiffText } from "./render.js";
import { sampleReport } from "../../test/helpers/sample-report.js";

/** The sample with every result passing as expected: the "clean" baseline. */
function clean(): RunReport {
  const r = sampleReport();
  r.runId = "20261121-090000-0000";
  r.results = r.results.map((x): CheckResult => {
    const { unexpectedAllow: _u, leakedColumns: _l, ...rest } = x;
    const denied = x.expected.outcome === "denied";
    return {
      ...rest,
      verdict: "pass",
      reasons: ["as expected"],
      observed:
        x.observed.outcome === "denied"
          ? x.observed
          : denied
            ? {
                outcome: "denied",
                layer: x.expected.layer ?? "lakeformation",
                code: x.expected.code ?? "AccessDenied",
                message: "denied",
              }
            : { ...x.observed, outcome: "allowed", columns: x.expected.columns?.visible ?? x.observed.columns },
    };
  });
  return r;
}

describe("diffReports", () => {
  it("lists exceptions added, expired, renewed and removed, by id", () => {
    const e = (id: string, expires: string, status: "live" | "expired" = "live") => ({
      id,
      personas: ["wei"],
      checks: ["*"],
      justification: "j",
      owner: "team",
      ticket: "T-1",
      expires,
      status,
      waived: [],
      lapsed: status === "expired" ? ["bank/select-all-columns/wei"] : [],
    });
    const reg = (...entries: ReturnType<typeof e>[]) => ({ file: "exceptions.yaml", sha256: "a".repeat(64), entries });
    const a = {
      ...clean(),
      exceptions: reg(
        e("stays", "2026-12-31"),
        e("lapses", "2026-10-01"),
        e("renew", "2026-10-01"),
        e("gone", "2026-12-31"),
      ),
    };
    const b = {
      ...clean(),
      exceptions: reg(
        e("stays", "2026-12-31"),
        e("lapses", "2026-10-01", "expired"),
        e("renew", "2027-03-31"),
        e("new", "2027-01-31"),
      ),
    };
    const d = diffReports(a, b);
    expect(d.exceptions.map((x) => `${x.kind} ${x.id}`)).toEqual([
      "added new",
      "expired lapses",
      "removed gone",
      "renewed renew",
    ]);
    expect(d.exceptions[1].details).toBe(
      "expired 2026-10-01 (team, T-1): no longer waives bank/select-all-columns/wei",
    );
    expect(renderDiffText(d)).toMatch(/^ {2}RENEWED {5}renew {2}expiry 2026-10-01 → 2027-03-31 \(team, T-1\)$/m);
    expect(renderDiffMarkdown(d)).toContain("- **removed** `gone`: removed (was team, T-1, expires 2026-12-31)");
    expect(d.regressed).toBe(false);
  });

  it("lists new allows first (denial turned allow before newly visible columns), then new failures", () => {
    const d = diffReports(clean(), sampleReport());
    expect(d.changes.map((c) => [c.kind, c.id])).toEqual([
      ["new-allow", "bank/select-pii-account-number/wei"],
      ["new-allow", "bank/select-all-columns/wei"],
      ["new-failure", "bank/datascience-prefix/dana"],
      ["changed", "bank/datascience-prefix/arnav"],
    ]);
    expect(d.changes[1].details[0]).toBe(
      "now sees column(s) that must be hidden: transaction_id, bank_account_number, initiator_name",
    );
    expect(d.regressed).toBe(true);
    expect(d.unchanged).toBe(2);
  });

  it("calls the way back fixed, and does not regress", () => {
    const d = diffReports(sampleReport(), clean());
    expect(
      d.changes
        .filter((c) => c.kind === "fixed")
        .map((c) => c.id)
        .sort(),
    ).toEqual(["bank/datascience-prefix/dana", "bank/select-all-columns/wei", "bank/select-pii-account-number/wei"]);
    expect(d.regressed).toBe(false);
  });

  it("reports added and removed checks, an added failing check as a new failure", () => {
    const a = clean(),
      b = clean();
    const gone = a.results[0];
    b.results = b.results.slice(1);
    b.results.push(
      { ...gone, id: "bank/new-check/arnav", check: "new-check" },
      { ...gone, id: "bank/new-bad/arnav", check: "new-bad", verdict: "error", reasons: ["error: network"] },
    );
    const d = diffReports(a, b);
    expect(d.changes.map((c) => [c.kind, c.check])).toEqual([
      ["new-failure", "new-bad"],
      ["added", "new-check"],
      ["removed", "select-all-columns"],
    ]);
  });

  it("ignores timings, ids and row counts", () => {
    const b = clean();
    b.results = b.results.map((r) => ({
      ...r,
      timings: { startedAt: "2027-01-01T00:00:00.000Z", durationMs: 9 },
      observed: {
        ...r.observed,
        queryExecutionId: "other",
        rowCount: r.observed.rowCount === undefined ? undefined : r.observed.rowCount + 1,
      },
    }));
    expect(diffReports(clean(), b).changes).toEqual([]);
  });
});

describe("diff renderers", () => {
  it("text: the headline, then one line per change with its details under it", () => {
    const text = renderDiffText(diffReports(clean(), sampleReport()));
    expect(text.split("\n").slice(0, 4)).toEqual([
      "report diff 20261121-090000-0000 (2026-11-22T09:00:00.000Z) → 20261122-090000-abcd (2026-11-22T09:00:00.000Z)",
      "REGRESSED: 2 new allow(s), 1 new failure(s), 0 fixed, 1 changed, 0 added, 0 removed; 2 unchanged",
      "",
      "  NEW ALLOW   wei × select-pii-account-number  now allowed, a denial is expected by lakeformation (COLUMN_NOT_FOUND)",
    ]);
  });

  it("markdown: sections in order, names escaped", () => {
    const md = renderDiffMarkdown(diffReports(clean(), sampleReport()));
    expect(md.indexOf("New allows")).toBeLessThan(md.indexOf("New failures"));
    expect(md).toContain(
      "- **wei × select-pii-account-number** (`bank`): now allowed, a denial is expected by lakeformation (COLUMN\\_NOT\\_FOUND)",
    );
    expect(md).toContain('still throttled after 4 attempts \\<&\\> "quoted"');
    expect(md).toMatchSnapshot();
  });

  it("says so when nothing changed", () => {
    expect(renderDiffText(diffReports(clean(), clean()))).toMatch(/^NO CHANGE: 0 new allow/m);
  });
});

describe("run findings (review s22c F5)", () => {
  it("a run whose checks all held but whose directory drifted is a regression, named in the headline", () => {
    const clean = sampleReport();
    const drifted = {
      ...clean,
      personas: clean.personas.map((p, i) =>
        i === 0 ? { ...p, drift: { expected: ["DataScientists"], actual: ["MarketAnalytics"] } } : p,
      ),
    };
    const d = diffReports(clean, drifted);
    expect(d.changes).toEqual([]);
    expect(d.runFindings).toEqual({
      added: [expect.stringMatching(/^directory drift: .* in \[MarketAnalytics\]$/)],
      removed: [],
    });
    expect(d.regressed).toBe(true);
    expect(diffHeadline(d)).toMatch(/^REGRESSED: .*; new run finding\(s\): directory drift: /);
    expect(renderDiffText(d)).toContain("NEW         directory drift: ");
    const back = diffReports(drifted, clean);
    expect(back.regressed).toBe(false);
    expect(diffHeadline(back)).toMatch(/^CHANGED: /);
  });

  it("drift that moved to another persona is a new finding, though its kind is the same (review s22d F4)", () => {
    const base = sampleReport();
    const driftOn = (i: number): RunReport => ({
      ...base,
      personas: base.personas.map((p, j) =>
        j === i ? { ...p, drift: { expected: ["DataScientists"], actual: ["MarketAnalytics"] } } : p,
      ),
    });
    const d = diffReports(driftOn(0), driftOn(1));
    expect(d.runFindings.added).toHaveLength(1);
    expect(d.runFindings.removed).toHaveLength(1);
    expect(d.regressed).toBe(true);
  });
});
