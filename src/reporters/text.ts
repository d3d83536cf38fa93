// Short texts shared by the console and Markdown renderers.
import type { CheckResult } from "../model/report.js";

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
