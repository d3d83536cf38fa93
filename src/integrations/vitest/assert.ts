// A result as a vitest assertion: pass passes; fail and error throw with the reasons a reader needs
// (the same words as the console and report.md); pending is skipped with its note, or fails on request.
import type { RunOutcome } from "../../app/run.js";
import { premiseFindings } from "../../core/summary.js";
import type { CheckResult } from "../../model/report.js";
import { reporterFailureLine } from "../../reporters/multiplexer.js";
import { observedSummary, runFindings } from "../../reporters/present.js";

export class TipVerdictError extends Error {
  override name = "TipVerdictError";
  constructor(readonly result: CheckResult) {
    super(describeFailure(result));
  }
}

export function describeFailure(r: CheckResult): string {
  const head = r.unexpectedAllow
    ? "UNEXPECTED ALLOW"
    : r.leakedColumns?.length
      ? `LEAKED COLUMNS ${r.leakedColumns.join(", ")}`
      : r.verdict === "error"
        ? "ERROR"
        : r.verdict === "pending"
          ? "PENDING EVIDENCE"
          : "FAIL";
  const e = r.expected;
  const lines = [
    `${head}: ${r.persona} × ${r.check} (${r.scenario})`,
    ...r.reasons.map((x) => `  - ${x}`),
    `  expected: ${e.outcome}${e.layer ? ` by ${e.layer}` : ""}${e.code ? ` (${e.code})` : ""}`,
    `  observed: ${observedSummary(r)}`,
    ...(r.observed.queryExecutionId ? [`  Athena query execution id: ${r.observed.queryExecutionId}`] : []),
    ...r.evidence.cloudtrail.map(
      (ev) =>
        `  CloudTrail ${ev.eventName} ${ev.eventId} on behalf of ${ev.onBehalfOfUserId ?? "nobody"}${ev.errorCode ? ` (${ev.errorCode})` : ""}`,
    ),
    ...(r.evidence.note ? [`  evidence: ${r.evidence.status}: ${r.evidence.note}`] : []),
  ];
  return lines.join("\n");
}

export type PendingPolicy = "skip" | "fail";

/** Throws for fail/error (and pending under "fail"); returns a skip note for pending under "skip". */
export function assertResult(r: CheckResult, pending: PendingPolicy = "skip"): { skip?: string } {
  if (r.verdict === "pass") return {};
  if (r.verdict === "pending" && pending === "skip")
    return { skip: `CloudTrail evidence pending: ${r.evidence.note ?? "record not yet delivered"}` };
  throw new TipVerdictError(r);
}

/**
 * What fails the run beyond its checks' own tests (review s22c F2): its premise (directory or catalog
 * drift, an unproven identity), reports that could not be written (exit 74), an interrupted run. Each
 * per-check test can pass while the run exits 1; the suite must not be green then.
 */
export function runLevelProblems(run: RunOutcome): string[] {
  const out: string[] = [];
  const rep = run.report;
  if (rep) {
    const premise = premiseFindings(rep.personas, rep.proofs);
    if (premise.length)
      out.push(
        `the run's premise did not hold (${premise.join(", ")}), so it exits 1 whatever its checks say:`,
        ...runFindings(rep).map((x) => `  - ${x}`),
      );
    if (rep.interrupted)
      out.push(`the run was stopped before its end (exit ${rep.summary.exitCode}): a partial report`);
  }
  for (const f of run.reportFailures) out.push(`${reporterFailureLine(f)} (exit ${run.exitCode})`);
  return out;
}
