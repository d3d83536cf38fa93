// Counting and the exit code, in one place so every output agrees.
import type { CheckResult, PersonaReport, RunProofs, RunSummary } from "../model/report.js";

/** Documented exit codes (README "Exit codes"). */
export const EXIT = {
  ok: 0,
  failed: 1,
  invalidInput: 2,
  pending: 3,
  interrupted: 130,
  internal: 70,
  globalTimeout: 124,
} as const;

/** A failure a live exception covers: it stays a `fail` in the report, but no longer fails the run. */
export const isWaived = (r: CheckResult): boolean => r.verdict === "fail" && r.waiver !== undefined;

export function summarize(
  results: CheckResult[],
  personas: PersonaReport[],
  interrupted: boolean,
  proofs?: RunProofs,
): RunSummary {
  const count = (v: CheckResult["verdict"]) => results.filter((r) => r.verdict === v && !isWaived(r)).length;
  const failed = count("fail"),
    errors = count("error"),
    pending = count("pending");
  const waived = results.filter(isWaived).length;
  const catalogDrift = (proofs?.catalog ?? []).filter((c) => c.status !== "ok").length;
  const exitCode = interrupted
    ? EXIT.interrupted
    : failed || errors || premiseFindings(personas, proofs).length
      ? EXIT.failed
      : pending
        ? EXIT.pending
        : EXIT.ok;
  // A waived unexpected allow is still an unexpected allow in the result; the run's headline counts only those that fail it.
  const unexpectedAllows = results.filter((r) => r.unexpectedAllow && !isWaived(r)).length;
  return {
    total: results.length,
    passed: count("pass"),
    failed,
    errors,
    pending,
    waived,
    unexpectedAllows,
    ...(catalogDrift ? { catalogDrift } : {}),
    exitCode,
  };
}

/**
 * What fails a run whatever its checks say, one label per kind: a drifted directory or catalog, or an
 * identity that could not be proven, leaves the run's premise unproven (exit 1 even if every check
 * held). Read from typed fields, never from note texts. Every headline names these too.
 */
export function premiseFindings(personas: PersonaReport[], proofs?: RunProofs): string[] {
  const kinds = [
    personas.some((p) => p.drift) && "directory drift",
    personas.some((p) => p.directoryError) && "directory unreadable",
    personas.some((p) => p.identityMismatch) && "identity unproven",
    (proofs?.catalog ?? []).some((c) => c.status === "drift") && "catalog drift",
    (proofs?.catalog ?? []).some((c) => c.status === "unavailable") && "catalog unproven",
    // Directory assertions (exact members, exact assignments) that differ or could not be read.
    (proofs?.directory ?? []).some((d) => d.status === "drift") && "directory assertion drift",
    (proofs?.directory ?? []).some((d) => d.status === "unavailable") && "directory assertion unproven",
  ];
  return kinds.filter((k): k is string => !!k);
}
