// Turns tasks and outcomes into the report's expected/observed shapes (names and counts only).
import type { Outcome } from "../model/outcome.js";
import type { ResultExpected, ResultObserved } from "../model/report.js";
import type { ActionSpec, Task } from "./plan.js";

export function describeAction(a: ActionSpec): string {
  switch (a.type) {
    case "athena": return `Athena: ${a.sql.replace(/\s+/g, " ")}`;
    case "accessGrants": return `GetDataAccess ${a.permission} ${a.target} (${a.privilege})`;
    case "signin": return "sign-in: IdP token → CreateTokenWithIAM → AssumeRole (ProvidedContexts)";
  }
}

export function toExpected(t: Task): ResultExpected {
  const e = t.expectation;
  return {
    outcome: e.outcome,
    ...(e.layer ? { layer: e.layer } : {}), ...(e.code ? { code: e.code } : {}),
    ...(e.columns ? { columns: e.columns } : {}), ...(e.rows ? { rows: e.rows } : {}),
    ...(e.every ? { predicates: e.every.map(describePredicate) } : {}),
    ...(e.scope ? { scope: e.scope } : {}),
    cloudtrail: t.cloudtrail,
  };
}

export function describePredicate(p: { column: string; equals?: unknown; notEquals?: unknown; in?: unknown[]; isNull?: boolean }): string {
  if (p.equals !== undefined) return `${p.column} = ${JSON.stringify(p.equals)}`;
  if (p.notEquals !== undefined) return `${p.column} <> ${JSON.stringify(p.notEquals)}`;
  if (p.in) return `${p.column} in ${JSON.stringify(p.in)}`;
  if (p.isNull !== undefined) return `${p.column} is ${p.isNull ? "" : "not "}null`;
  return `${p.column}`;
}

export function toObserved(o: Outcome): ResultObserved {
  if (o.kind === "denied") return { outcome: "denied", layer: o.layer, code: o.code, message: o.message };
  if (o.kind === "error") return { outcome: "error", errorKind: o.errorKind, ...(o.code ? { code: o.code } : {}), message: o.message };
  const b = o.observation;
  return {
    outcome: "allowed",
    ...(b.columns ? { columns: b.columns } : {}), ...(b.rowCount !== undefined ? { rowCount: b.rowCount } : {}),
    ...(b.predicateViolations ? { predicateViolations: b.predicateViolations } : {}),
    ...(b.queryExecutionId ? { queryExecutionId: b.queryExecutionId } : {}),
    ...(b.dataScannedInBytes !== undefined ? { dataScannedInBytes: b.dataScannedInBytes } : {}),
    ...(b.grantedScope ? { grantedScope: b.grantedScope } : {}), ...(b.probes ? { probes: b.probes } : {}),
  };
}
