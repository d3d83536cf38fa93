// `confirm`'s new report: the late CloudTrail evidence applied (core/confirm.ts), then the run's own
// exception register and ownership applied afresh. A pending result that turns into a `fail` is waived
// exactly as it would have been had its record arrived during the run, and the register's entries (what
// each waived, which matched nothing) and the warnings follow. The register is the one recorded in the
// report, judged at the run's date: confirm proves what the run did, under the rules it ran under.
import { applyEvidence } from "../core/confirm.js";
import type { EvidenceMatch } from "../core/ports.js";
import { reannotateLike } from "../exceptions/apply.js";
import type { RunReport } from "../model/report.js";

export function confirmedReport(
  report: RunReport,
  matches: Map<string, EvidenceMatch>,
  confirmedAt: string,
): RunReport {
  return reannotateLike(applyEvidence(report, matches, confirmedAt), report);
}
