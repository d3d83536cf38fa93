// The trend of several runs: per run, how many results passed, failed, errored, were waived or are
// pending; and per finding (persona × check × outcome class) the run it first appeared in and the last
// run it was seen in. Pure: reports in, the model out; trend.json is this model, and trend.html,
// trend.md and report.html's history panel render it.
import { premiseFindings } from "../core/summary.js";
import type { CheckResult, RunReport } from "../model/report.js";
import { FINDING_KINDS, findingKind, type FindingKind } from "../reporters/present.js";

export const TREND_VERSION = 1 as const;

export interface TrendCounts {
  total: number;
  pass: number;
  fail: number;
  error: number;
  waived: number;
  pending: number;
}

export interface TrendRun {
  runId: string;
  startedAt: string;
  finishedAt: string;
  /** Where the run was read from (a folder), as the caller named it. */
  source: string;
  target: { kind: string; accountId: string; region: string };
  counts: TrendCounts;
  unexpectedAllows: number;
  exitCode: number;
  interrupted: boolean;
  /** What failed the run beyond its checks (directory or catalog drift, an unproven identity), by kind. */
  runFindings: string[];
}

export interface TrendFinding {
  /** <scenario>/<check>/<persona>#<class>: one persona × check × outcome class. */
  key: string;
  scenario: string;
  check: string;
  persona: string;
  /** unexpected-allow, leak, fail, error or pending (the one order of findings). */
  class: FindingKind;
  /** Run id and start time of the first and the last run the finding was seen in. */
  firstSeen: { runId: string; startedAt: string };
  lastSeen: { runId: string; startedAt: string };
  /** In how many of the runs it was seen. */
  seenIn: number;
  /** Seen in the latest run (still open) or not (gone since lastSeen). */
  open: boolean;
}

export interface Trend {
  trendVersion: typeof TREND_VERSION;
  runs: TrendRun[];
  findings: TrendFinding[];
}

export interface TrendInput {
  report: RunReport;
  source: string;
}

/**
 * Waivers are not in the report model yet: a run counts as waived whatever a later model marks so
 * (a `waived` verdict, or a `waiver` on the result), and 0 until then.
 */
function isWaived(r: CheckResult): boolean {
  return (r.verdict as string) === "waived" || (r as { waiver?: unknown }).waiver !== undefined;
}

export function countResults(report: RunReport): TrendCounts {
  const c: TrendCounts = { total: report.results.length, pass: 0, fail: 0, error: 0, waived: 0, pending: 0 };
  for (const r of report.results) {
    if (isWaived(r)) c.waived++;
    else if (r.verdict === "pass") c.pass++;
    else if (r.verdict === "fail") c.fail++;
    else if (r.verdict === "error") c.error++;
    else if (r.verdict === "pending") c.pending++;
  }
  return c;
}

/** Oldest first, by start time, then run id (two runs cannot share one; the caller refuses duplicates). */
export function byRunTime(a: TrendInput, b: TrendInput): number {
  return a.report.startedAt.localeCompare(b.report.startedAt) || a.report.runId.localeCompare(b.report.runId);
}

export function buildTrend(inputs: TrendInput[]): Trend {
  const ordered = [...inputs].sort(byRunTime);
  const runs: TrendRun[] = ordered.map(({ report: r, source }) => ({
    runId: r.runId,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    source,
    target: { kind: r.target.kind, accountId: r.target.accountId, region: r.target.region },
    counts: countResults(r),
    unexpectedAllows: r.results.filter((x) => x.unexpectedAllow && !isWaived(x)).length,
    exitCode: r.summary.exitCode,
    interrupted: !!r.interrupted,
    runFindings: premiseFindings(r.personas, r.proofs),
  }));
  const findings = new Map<string, TrendFinding>();
  const latest = ordered.at(-1)?.report.runId;
  for (const { report } of ordered) {
    const when = { runId: report.runId, startedAt: report.startedAt };
    for (const r of report.results) {
      const kind = isWaived(r) ? undefined : findingKind(r);
      if (!kind) continue;
      const key = `${r.id}#${kind}`;
      const f = findings.get(key);
      if (f) {
        f.lastSeen = when;
        f.seenIn++;
      } else
        findings.set(key, {
          key,
          scenario: r.scenario,
          check: r.check,
          persona: r.persona,
          class: kind,
          firstSeen: when,
          lastSeen: when,
          seenIn: 1,
          open: false,
        });
    }
  }
  for (const f of findings.values()) f.open = f.lastSeen.runId === latest;
  return { trendVersion: TREND_VERSION, runs, findings: [...findings.values()].sort(findingOrder) };
}

/** Open findings first, the most serious class first, then the newest, then by key. */
function findingOrder(a: TrendFinding, b: TrendFinding): number {
  return (
    Number(b.open) - Number(a.open) ||
    FINDING_KINDS.indexOf(a.class) - FINDING_KINDS.indexOf(b.class) ||
    b.firstSeen.startedAt.localeCompare(a.firstSeen.startedAt) ||
    a.key.localeCompare(b.key)
  );
}

/** The last `n` runs by start time (buildTrend over them gives first/last seen within that window). */
export function lastRuns(inputs: TrendInput[], n: number): TrendInput[] {
  return [...inputs].sort(byRunTime).slice(-n);
}

/** Findings that first appeared in the latest run. */
export const newInLatest = (t: Trend): TrendFinding[] =>
  t.findings.filter((f) => f.firstSeen.runId === t.runs.at(-1)?.runId);
/** Findings seen earlier and not in the latest run. */
export const goneInLatest = (t: Trend): TrendFinding[] => t.findings.filter((f) => !f.open);
