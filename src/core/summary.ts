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
 * What fails a run whatever its checks say: a drifted directory or catalog, or an identity that could
 * not be proven, leaves the run's premise unproven (exit 1 even if every check held). One line per
 * finding, `<kind>: <what>`, stable from run to run (names, never error texts), so `report diff` can tell
 * a finding that moved from one that stayed. Read from typed fields, never from note texts.
 */
export function premiseFindingKeys(personas: PersonaReport[], proofs?: RunProofs): string[] {
  const names = (xs?: { name: string }[]) => (xs ?? []).map((x) => x.name).join(", ");
  const out: string[] = [];
  for (const p of personas) {
    const who = `${p.scenario}/${p.name}`;
    if (p.drift) out.push(`directory drift: ${who} in [${p.drift.actual.join(", ")}]`);
    if (p.directoryError) out.push(`directory unreadable: ${who}`);
    if (p.identityMismatch) out.push(`identity unproven: ${who}`);
  }
  for (const c of proofs?.catalog ?? []) {
    const table = `${c.catalog ? `${c.catalog}.` : ""}${c.database}.${c.table}`;
    if (c.status === "drift")
      out.push(
        `catalog drift: ${table} missing [${(c.missing ?? []).join(", ")}] added [${(c.added ?? []).join(", ")}]`,
      );
    if (c.status === "unavailable") out.push(`catalog unproven: ${table}`);
  }
  for (const d of proofs?.directory ?? []) {
    const what = `${d.scenario} ${d.kind}${d.group ? ` ${d.group}` : ""}`;
    if (d.status === "drift")
      out.push(`directory assertion drift: ${what} unexpected [${names(d.unexpected)}] missing [${names(d.missing)}]`);
    if (d.status === "unavailable") out.push(`directory assertion unproven: ${what}`);
  }
  return out.sort();
}

/** The kinds of premiseFindingKeys, one label each: what every headline names. */
export function premiseFindings(personas: PersonaReport[], proofs?: RunProofs): string[] {
  const order = [
    "directory drift",
    "directory unreadable",
    "identity unproven",
    "catalog drift",
    "catalog unproven",
    "directory assertion drift",
    "directory assertion unproven",
  ];
  const kinds = new Set(premiseFindingKeys(personas, proofs).map((k) => k.slice(0, k.indexOf(":"))));
  return order.filter((k) => kinds.has(k));
}
