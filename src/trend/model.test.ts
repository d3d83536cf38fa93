// The trend model: runs ordered by start time whatever the input order, counts per verdict, and each
// finding's first and last appearance, how often it was seen, and whether it is still open.
import { describe, expect, it } from "vitest";
import { sampleReport } from "../../test/helpers/sample-report.js";
import type { RunReport } from "../model/report.js";
import { buildTrend, countResults, lastRuns } from "./model.js";
import { renderTrendMarkdown } from "./render.js";
import { renderTrendSvg } from "./svg.js";

/** The sample run on another night, with some results turned into passes. */
function night(day: number, fixed: string[] = []): RunReport {
  const r = sampleReport();
  const startedAt = `2026-11-${String(day).padStart(2, "0")}T02:00:00.000Z`;
  return {
    ...r,
    runId: `run-${day}`,
    startedAt,
    finishedAt: startedAt,
    results: r.results.map((x) =>
      fixed.includes(x.id)
        ? { ...x, verdict: "pass" as const, unexpectedAllow: undefined, leakedColumns: undefined }
        : x,
    ),
  };
}
const ALLOW = "bank/select-pii-account-number/wei";
const ERROR = "bank/datascience-prefix/dana";

describe("buildTrend", () => {
  const inputs = [
    { report: night(24, [ERROR]), source: "c" },
    { report: night(22, [ALLOW, ERROR]), source: "a" },
    { report: night(23), source: "b" },
  ];
  const t = buildTrend(inputs);

  it("orders the runs by start time and counts each verdict (waived 0 while the model has none)", () => {
    expect(t.runs.map((r) => r.runId)).toEqual(["run-22", "run-23", "run-24"]);
    expect(t.runs[1].counts).toEqual({ total: 6, pass: 2, fail: 2, error: 1, waived: 0, pending: 1 });
    expect(t.runs[0].counts).toEqual({ total: 6, pass: 4, fail: 1, error: 0, waived: 0, pending: 1 });
    expect(t.runs.map((r) => r.unexpectedAllows)).toEqual([0, 1, 1]);
    expect(t.runs.map((r) => r.source)).toEqual(["a", "b", "c"]);
  });

  it("gives each finding (persona × check × class) its first and last appearance", () => {
    const allow = t.findings.find((f) => f.key === `${ALLOW}#unexpected-allow`)!;
    expect(allow).toMatchObject({
      persona: "wei",
      check: "select-pii-account-number",
      class: "unexpected-allow",
      seenIn: 2,
      open: true,
    });
    expect(allow.firstSeen.runId).toBe("run-23");
    expect(allow.lastSeen.runId).toBe("run-24");
    const error = t.findings.find((f) => f.key === `${ERROR}#error`)!;
    expect(error).toMatchObject({
      seenIn: 1,
      open: false,
      firstSeen: { runId: "run-23" },
      lastSeen: { runId: "run-23" },
    });
    const leak = t.findings.find((f) => f.class === "leak")!;
    expect(leak).toMatchObject({
      seenIn: 3,
      open: true,
      firstSeen: { runId: "run-22" },
      lastSeen: { runId: "run-24" },
    });
  });

  it("lists open findings first, the most serious first; gone ones last", () => {
    expect(t.findings.map((f) => `${f.class}:${f.open}`)).toEqual([
      "unexpected-allow:true",
      "leak:true",
      "pending:true",
      "error:false",
    ]);
  });

  it("a passing result is no finding; a finding that changes class is a new finding", () => {
    const a = night(22),
      b = night(23);
    b.results = b.results.map((x) =>
      x.id === ALLOW ? { ...x, unexpectedAllow: undefined, verdict: "error" as const } : x,
    );
    const tt = buildTrend([
      { report: a, source: "a" },
      { report: b, source: "b" },
    ]);
    expect(tt.findings.filter((f) => f.key.startsWith(ALLOW)).map((f) => [f.class, f.open])).toEqual([
      ["error", true],
      ["unexpected-allow", false],
    ]);
  });

  it("counts a waived result as waived, not as a finding", () => {
    const r = night(22);
    (r.results[0] as unknown as { waiver: object }).waiver = { reason: "accepted" };
    expect(countResults(r)).toMatchObject({ waived: 1, pass: 1 });
    expect(buildTrend([{ report: r, source: "a" }]).findings.some((f) => f.key.startsWith(r.results[0].id))).toBe(
      false,
    );
  });

  it("keeps the last n runs by start time", () => {
    expect(lastRuns(inputs, 2).map((i) => i.report.runId)).toEqual(["run-23", "run-24"]);
  });
});

describe("renderings", () => {
  const t = buildTrend([1, 2, 3, 4, 5].map((d) => ({ report: night(20 + d, d % 2 ? [ALLOW] : []), source: `r${d}` })));

  it("the chart has one bar per run, with a title naming its counts, and nothing to load", () => {
    const svg = renderTrendSvg(t);
    expect(svg.match(/<g class="bar"/g)).toHaveLength(5);
    expect(svg).toContain(
      "<title>run-22 (2026-11-22T02:00:00.000Z): 6 results: 2 pass, 0 waived, 1 pending, 1 error, 2 fail; 1 unexpected allow(s)</title>",
    );
    expect(svg).not.toMatch(/href|url\(|@import|style=/);
  });

  it("trend.md lists runs and findings with first and last seen", () => {
    const md = renderTrendMarkdown(t);
    expect(md).toContain("| `run-25` | 2026-11-25 02:00:00 | 6 | 3 | 0 | 1 | 1 | 1 | 0 | 1 |");
    expect(md).toMatch(
      /\| gone \| UNEXPECTED ALLOW \| wei × select-pii-account-number \| bank \| 2026-11-22 02:00:00 \(`run-22`\) \| 2026-11-24 02:00:00 \(`run-24`\) \| 2 of 5 \|/,
    );
  });
});

describe("run findings in the trend (review s22c F5)", () => {
  it("a run that failed beyond its checks says so, in the model and in trend.md", () => {
    const clean = { ...night(20), results: night(20).results.map((x) => ({ ...x, verdict: "pass" as const })) };
    const drifted: RunReport = {
      ...clean,
      runId: "run-21",
      startedAt: "2026-11-21T02:00:00.000Z",
      personas: clean.personas.map((p, i) =>
        i === 0 ? { ...p, drift: { expected: ["DataScientists"], actual: ["MarketAnalytics"] } } : p,
      ),
    };
    const t = buildTrend([
      { report: clean, source: "a" },
      { report: drifted, source: "b" },
    ]);
    expect(t.runs.map((r) => r.runFindings)).toEqual([[], ["directory drift"]]);
    const md = renderTrendMarkdown(t);
    expect(md).toContain("**run failed: directory drift**");
    expect(md).not.toContain("No findings in any of these runs.");
  });
});
