// Applying late CloudTrail evidence to an earlier run's report (pure): pending results whose record has
// now arrived become pass (or fail when the record is attributed to someone else).
import type { CheckResult, PersonaReport, RunReport } from "../model/report.js";
import type { EvidenceMatch } from "./ports.js";
import { summarize } from "./summary.js";

export function pendingResults(report: RunReport): CheckResult[] {
  return report.results.filter((r) => r.evidence.status === "pending" && r.evidence.lookup);
}

export function applyEvidence(report: RunReport, matches: Map<string, EvidenceMatch>, confirmedAt: string): RunReport {
  const results = report.results.map((r) => {
    const m = matches.get(r.id);
    if (!m || r.evidence.status !== "pending" || m.status === "pending") return r;
    const reasons = m.status === "mismatch" ? [...r.reasons, ...m.problems] : r.reasons;
    const verdict = r.verdict === "pending" ? (m.status === "confirmed" ? "pass" : "fail") : r.verdict;
    const { lookup: _lookup, note: _note, ...rest } = r.evidence;
    return {
      ...r,
      verdict,
      reasons,
      evidence: { ...rest, status: m.status, cloudtrail: m.events, note: `confirmed later, at ${confirmedAt}` },
    } satisfies CheckResult;
  });
  const drift: PersonaReport[] = report.personas;
  // The run's own findings still count (catalog and directory drift read from its proofs), and an
  // interrupted run keeps the code it stopped with (130, 143, or 124 at its time limit).
  const summary = summarize(results, drift, !!report.interrupted, report.proofs);
  return {
    ...report,
    results,
    summary: report.interrupted ? { ...summary, exitCode: report.summary.exitCode } : summary,
  };
}
