// A result as a vitest assertion: pass passes; fail and error throw with the reasons a reader needs
// (the same words as the console and report.md); pending is skipped with its note, or fails on request.
import type { CheckResult } from "../../model/report.js";
import { observedSummary } from "../../reporters/present.js";

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
