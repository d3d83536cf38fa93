// Short texts shared by the console, Markdown, HTML and JUnit renderers.
import type { CheckResult, RunReport } from "../model/report.js";
import { describeCatalogProof } from "../core/proofs.js";

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
  if (r.unexpectedAllow) return `UNEXPECTED ALLOW   ${who}: ${r.reasons[0].replace(/^UNEXPECTED ALLOW: /, "")}`;
  if (r.leakedColumns?.length) return `LEAKED COLUMNS     ${who}: ${r.leakedColumns.join(", ")}`;
  if (r.verdict === "fail") return `FAIL               ${who}: ${r.reasons[0]}`;
  if (r.verdict === "error") return `ERROR              ${who}: ${r.reasons[0]}`;
  return `PENDING EVIDENCE   ${who}: ${r.evidence.note ?? "CloudTrail record not yet delivered"}`;
}

/**
 * Findings about the run rather than one check: catalog and directory drift, unproven identities,
 * workgroups that are not Identity Center-enabled, S3 objects that are not there. Each makes the
 * exit code 1 (or explains why checks are errors), so every renderer shows them first.
 */
export function runFindings(rep: RunReport): string[] {
  const out: string[] = [];
  for (const c of rep.proofs?.catalog ?? []) { const line = describeCatalogProof(c); if (line) out.push(line.replace(/^catalog drift/, "CATALOG DRIFT").replace(/^catalog unproven/, "CATALOG UNPROVEN")); }
  for (const w of rep.proofs?.workgroups ?? []) {
    if (w.status === "not-identity-center") out.push(`WORKGROUP NOT IDENTITY CENTER: workgroup ${w.name} is not Identity Center-enabled, so Lake Formation never decides per person there; every Athena check in it is an error`);
    if (w.status === "unavailable") out.push(`WORKGROUP UNPROVEN: workgroup ${w.name} could not be read with the base principal (${w.error ?? "unknown"}); grant it athena:GetWorkGroup`);
  }
  for (const o of rep.proofs?.objects ?? []) {
    if (o.status === "missing") out.push(`S3 OBJECT MISSING: nothing exists at ${o.uri} (base principal): a denial there proves nothing`);
    if (o.status === "unavailable") out.push(`S3 OBJECT UNPROVEN: ${o.uri} could not be checked with the base principal (${o.error ?? "unknown"})`);
  }
  for (const p of rep.personas) {
    if (p.drift) out.push(`DIRECTORY DRIFT: ${p.name} is in [${p.drift.actual.join(", ")}] in Identity Center, the scenario says [${p.drift.expected.join(", ")}]`);
    if (p.identityMismatch) out.push(`IDENTITY MISMATCH: ${p.name}'s token signed in ${p.identityMismatch.signedIn}, the directory says ${p.identityMismatch.directory}`);
    if (p.directoryError) out.push(`IDENTITY UNPROVEN: ${p.name}: ${p.directoryError}`);
  }
  return out;
}
