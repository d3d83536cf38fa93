// The one presentation module: how a result, a finding and the run read in words, shared by the
// console, Markdown, HTML and JUnit renderers (and the vitest adapter). Reporters import this, the
// model and their own helpers, never each other, so every format shows the same words in the same
// order. Pure: no I/O.
import type { CheckResult, ReportTarget, ResultExpected, RunReport, Waiver } from "../model/report.js";
import { describeCatalogProof } from "../core/proofs.js";
import { describeDirectoryProof } from "../core/directory-assert.js";
import { EXIT, premiseFindings } from "../core/summary.js";

/** What kind of finding a result is (undefined: it passed). The kinds are listed most serious first. */
export const FINDING_KINDS = ["unexpected-allow", "leak", "fail", "error", "pending", "waived"] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export function findingKind(r: CheckResult): FindingKind | undefined {
  // A waived failure is listed, last, with its exception: accepted, never hidden.
  if (r.verdict === "fail" && r.waiver) return "waived";
  if (r.unexpectedAllow) return "unexpected-allow";
  if (r.leakedColumns?.length) return "leak";
  if (r.verdict === "fail") return "fail";
  if (r.verdict === "error") return "error";
  if (r.verdict === "pending") return "pending";
  return undefined;
}

/** The one order of findings everywhere: unexpected allows, leaks, other fails, errors, pending; then by id. */
export function sortFindings(rs: CheckResult[]): CheckResult[] {
  const rank = (r: CheckResult) => FINDING_KINDS.indexOf(findingKind(r) ?? "pending");
  return [...rs].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

/** The run's verdict in one line: the title of report.md and report.html. */
export function verdictLine(r: RunReport): string {
  const s = r.summary;
  // A partial run still leads with any unexpected allow it saw: that finding stands however the run ended.
  const allows = s.unexpectedAllows ? `${s.unexpectedAllows} unexpected allow(s); ` : "";
  if (r.interrupted && r.globalTimeoutMs !== undefined)
    return `GLOBAL TIMEOUT: ${allows}${s.passed} of ${s.total} checks passed before the run reached its time limit (${Math.round(r.globalTimeoutMs / 1000)} s)`;
  if (r.interrupted) return `INTERRUPTED: ${allows}${s.passed} of ${s.total} checks passed before the run was stopped`;
  // The run's premise (directory, catalog, identities) fails it whatever the checks say: every title names it.
  const premise = premiseFindings(r.personas, r.proofs);
  const also = premise.length ? `; ${premise.join(", ")}` : "";
  if (s.unexpectedAllows)
    return `FAIL: ${s.unexpectedAllows} unexpected allow(s); ${s.passed} of ${s.total} checks passed${also}`;
  if (s.failed || s.errors)
    return `FAIL: ${s.failed} failed, ${s.errors} error(s); ${s.passed} of ${s.total} checks passed${also}`;
  if (premise.length) return `FAIL: ${premise.join(", ")}; all ${s.total} checks held, but the run's premise did not`;
  // From here on only an exit code of 0 or 3 may speak: a title never says PASS for a run that failed.
  if (s.exitCode !== EXIT.ok && s.exitCode !== EXIT.pending)
    return `FAIL: exit code ${s.exitCode}; ${s.passed} of ${s.total} checks passed`;
  if (s.pending)
    return `PENDING: every check held, CloudTrail evidence pending for ${s.pending}${s.waived ? ` (${s.waived} failure(s) waived)` : ""}`;
  if (s.waived)
    return `PASS WITH EXCEPTIONS: ${s.passed} of ${s.total} checks held, ${s.waived} failure(s) waived by live exceptions`;
  return `PASS: all ${s.total} checks held, each confirmed in CloudTrail`;
}

/**
 * What a check expected, in words. `brief` (a table cell) counts the visible columns and names only an
 * exact row count; `listed` (a CI page) names every column and the whole row expectation.
 */
export function expectedText(e: ResultExpected, style: "brief" | "listed"): string {
  if (e.outcome === "denied") return `denied${e.layer ? ` by ${e.layer}` : ""}${e.code ? ` (${e.code})` : ""}`;
  const parts = ["allowed"];
  if (e.columns?.visible)
    parts.push(
      style === "brief" ? `${e.columns.visible.length} columns exactly` : `visible: ${e.columns.visible.join(", ")}`,
    );
  if (e.columns?.hidden) parts.push(`hidden: ${e.columns.hidden.join(", ")}`);
  if (style === "brief" ? e.rows?.equals !== undefined : e.rows)
    parts.push(style === "brief" ? `${e.rows!.equals} rows` : `rows ${JSON.stringify(e.rows)}`);
  if (e.predicates) parts.push(`every row: ${e.predicates.join(" and ")}`);
  if (e.scope) parts.push(`scope ${e.scope}`);
  return parts.join("; ");
}

/**
 * The CloudTrail console page of an event, or undefined where there is none to open: a sandbox run's
 * events exist only in the sandbox, which stopped with the run.
 */
export function eventLink(target: ReportTarget, eventId: string): string | undefined {
  if (target.kind !== "aws") return undefined;
  return `https://${target.region}.console.aws.amazon.com/cloudtrailv2/home?region=${target.region}#/events/${eventId}`;
}

export function observedSummary(r: CheckResult): string {
  const o = r.observed;
  if (o.outcome === "denied") return `denied by ${o.layer} (${o.code})`;
  if (o.outcome === "error") return `error: ${o.errorKind}${o.code ? ` ${o.code}` : ""}`;
  const parts: string[] = [];
  if (o.columns) parts.push(`${o.columns.length} columns`);
  if (o.rowCount !== undefined) parts.push(`${o.rowCount} rows`);
  if (o.grantedScope) parts.push(`granted ${o.grantedScope}`);
  return parts.length ? `allowed: ${parts.join(", ")}` : "allowed";
}

export function headline(r: CheckResult): string {
  const who = `${r.persona} × ${r.check}`;
  switch (findingKind(r)) {
    case "unexpected-allow":
      return `UNEXPECTED ALLOW   ${who}: ${r.reasons[0].replace(/^UNEXPECTED ALLOW: /, "")}`;
    case "leak":
      return `LEAKED COLUMNS     ${who}: ${r.leakedColumns!.join(", ")}`;
    case "fail":
      return `FAIL               ${who}: ${r.reasons[0]}`;
    case "error":
      return `ERROR              ${who}: ${r.reasons[0]}`;
    case "waived":
      return `WAIVED             ${who}: ${r.reasons[0]}; waived by ${r.waiver!.exception}: ${waiverText(r.waiver!)}`;
    default:
      return `PENDING EVIDENCE   ${who}: ${r.evidence.note ?? "CloudTrail record not yet delivered"}`;
  }
}

/**
 * Findings about the run rather than one check: catalog and directory drift, unproven identities,
 * workgroups that are not Identity Center-enabled, S3 objects that are not there. Each makes the
 * exit code 1 (or explains why checks are errors), so every renderer shows them first.
 */
export function runFindings(rep: RunReport): string[] {
  const out: string[] = [];
  for (const c of rep.proofs?.catalog ?? []) {
    const line = describeCatalogProof(c);
    if (line)
      out.push(line.replace(/^catalog drift/, "CATALOG DRIFT").replace(/^catalog unproven/, "CATALOG UNPROVEN"));
  }
  for (const w of rep.proofs?.workgroups ?? []) {
    if (w.status === "not-identity-center")
      out.push(
        `WORKGROUP NOT IDENTITY CENTER: workgroup ${w.name} is not Identity Center-enabled, so Lake Formation never decides per person there; every Athena check in it is an error`,
      );
    if (w.status === "unavailable")
      out.push(
        `WORKGROUP UNPROVEN: workgroup ${w.name} could not be read with the base principal (${w.error ?? "unknown"}); grant it athena:GetWorkGroup`,
      );
  }
  for (const o of rep.proofs?.objects ?? []) {
    if (o.status === "missing")
      out.push(`S3 OBJECT MISSING: nothing exists at ${o.uri} (base principal): a denial there proves nothing`);
    if (o.status === "unavailable")
      out.push(`S3 OBJECT UNPROVEN: ${o.uri} could not be checked with the base principal (${o.error ?? "unknown"})`);
  }
  for (const d of rep.proofs?.directory ?? []) {
    const line = describeDirectoryProof(d);
    if (line) out.push(line);
  }
  for (const p of rep.personas) {
    if (p.drift)
      out.push(
        `DIRECTORY DRIFT: ${p.name} is in [${p.drift.actual.join(", ")}] in Identity Center, the scenario says [${p.drift.expected.join(", ")}]`,
      );
    if (p.identityMismatch)
      out.push(
        `IDENTITY MISMATCH: ${p.name}'s token signed in ${p.identityMismatch.signedIn}, the directory says ${p.identityMismatch.directory}`,
      );
    if (p.directoryError) out.push(`IDENTITY UNPROVEN: ${p.name}: ${p.directoryError}`);
  }
  return out;
}

/** "justification (owner, ticket, expires YYYY-MM-DD)": how every format names an exception. */
export const waiverText = (w: Waiver): string => `${w.justification} (${w.owner}, ${w.ticket}, expires ${w.expires})`;

/** Warnings that do not fail the run: exceptions that matched nothing or expired, overdue reviews (src/exceptions). */
export function runWarnings(rep: RunReport): string[] {
  return rep.warnings ?? [];
}

/** Who owns each scenario, for the top of a report: "name: owner X, ticket Y, review by D", or nothing. */
export function ownershipLines(rep: RunReport): string[] {
  return rep.scenarios
    .filter((s) => s.owner || s.ticket || s.reviewBy)
    .map(
      (s) =>
        `${s.name}: ${[s.owner ? `owner ${s.owner}` : "", s.ticket ? `ticket ${s.ticket}` : "", s.reviewBy ? `review by ${s.reviewBy}${rep.asOf && s.reviewBy < rep.asOf ? " (OVERDUE)" : ""}` : ""].filter(Boolean).join(", ")}`,
    );
}
