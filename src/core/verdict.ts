// Verdicts are pure: an expectation and an outcome in, pass | fail | error out, with reasons.
// The one rule that matters most: a denial passes only when the observed failure IS an authorization
// denial. Anything else (typo, network, throttling, a sandbox bug) is an error, never a pass.
import type { Outcome } from "../model/outcome.js";
import type { Verdict } from "../model/report.js";
import type { Expectation } from "./plan.js";

export interface VerdictResult {
  verdict: Exclude<Verdict, "pending">;
  reasons: string[];
  unexpectedAllow?: boolean;
  leakedColumns?: string[];
}

export function decideVerdict(exp: Expectation, out: Outcome): VerdictResult {
  if (out.kind === "error") {
    return { verdict: "error", reasons: [`could not decide: ${out.errorKind}${out.code ? ` (${out.code})` : ""}: ${out.message}`] };
  }
  if (exp.outcome === "denied") {
    if (out.kind === "allowed") {
      const cols = out.observation.columns;
      return {
        verdict: "fail", unexpectedAllow: true,
        reasons: [`UNEXPECTED ALLOW: expected a denial, but it was allowed${cols ? ` (columns returned: ${cols.join(", ")})` : ""}${out.observation.grantedScope ? ` (granted scope ${out.observation.grantedScope})` : ""}`],
      };
    }
    const reasons: string[] = [];
    if (exp.layer && exp.layer !== out.layer) reasons.push(`denied by ${out.layer} (${out.code}), but the scenario expects the denial from ${exp.layer}`);
    if (exp.code && exp.code !== out.code) reasons.push(`denied with ${out.code}, but the scenario expects ${exp.code}`);
    return reasons.length ? { verdict: "fail", reasons } : { verdict: "pass", reasons: [`denied by ${out.layer} (${out.code}) as expected`] };
  }
  if (out.kind === "denied") {
    return { verdict: "fail", reasons: [`UNEXPECTED DENIAL: expected access, but ${out.layer} denied it (${out.code}): ${out.message}`] };
  }
  return checkAllowed(exp, out.observation);
}

function checkAllowed(exp: Expectation, obs: Extract<Outcome, { kind: "allowed" }>["observation"]): VerdictResult {
  const reasons: string[] = [];
  let leaked: string[] = [];
  const seen = (obs.columns ?? []).map((c) => c.toLowerCase());
  if (exp.columns?.visible) {
    const want = exp.columns.visible.map((c) => c.toLowerCase());
    const extra = seen.filter((c) => !want.includes(c));
    const missing = want.filter((c) => !seen.includes(c));
    if (extra.length) { leaked = extra; reasons.push(`LEAKED COLUMNS: returned but not expected: ${extra.join(", ")}`); }
    if (missing.length) reasons.push(`missing columns: expected but not returned: ${missing.join(", ")}`);
  }
  if (exp.columns?.hidden) {
    const shown = exp.columns.hidden.filter((c) => seen.includes(c.toLowerCase()));
    if (shown.length) { leaked = [...new Set([...leaked, ...shown.map((c) => c.toLowerCase())])]; reasons.push(`LEAKED COLUMNS: must be hidden but were returned: ${shown.join(", ")}`); }
  }
  if (exp.rows && obs.rowCount !== undefined) {
    const n = obs.rowCount;
    if (exp.rows.equals !== undefined && n !== exp.rows.equals) reasons.push(`row count ${n}, expected ${exp.rows.equals}`);
    if (exp.rows.min !== undefined && n < exp.rows.min) reasons.push(`row count ${n}, expected at least ${exp.rows.min}`);
    if (exp.rows.max !== undefined && n > exp.rows.max) reasons.push(`row count ${n}, expected at most ${exp.rows.max}`);
  }
  for (const v of obs.predicateViolations ?? []) if (v.violations > 0) reasons.push(`${v.violations} row(s) violate "${v.predicate}"`);
  if (exp.scope && obs.grantedScope !== exp.scope) reasons.push(`granted scope ${obs.grantedScope ?? "(none)"}, expected ${exp.scope}`);
  for (const p of obs.probes ?? []) {
    if (p.result === "error") reasons.push(p.code === "OBJECT_NOT_PROVEN"
      ? `probe ${p.operation} ${p.uri} could not be decided: the object's existence is not proven (the session cannot see it either), so its denial proves nothing`
      : `probe ${p.operation} ${p.uri} could not be decided (${p.code ?? "error"})`);
  }
  const probeFails = (obs.probes ?? []).filter((p) => p.result !== "error" && ((p.operation.startsWith("inside") && p.result !== "allowed") || (p.operation.startsWith("outside") && p.result !== "denied")));
  for (const p of probeFails) reasons.push(p.operation.startsWith("outside") ? `UNEXPECTED ALLOW: vended credentials read ${p.uri} outside their scope` : `vended credentials could not read ${p.uri} inside their scope (${p.code})`);
  const probeError = (obs.probes ?? []).some((p) => p.result === "error");
  if (reasons.length === 0) return { verdict: "pass", reasons: ["allowed, and everything observed matches the expectation"] };
  const onlyErrors = probeError && probeFails.length === 0 && reasons.every((r) => r.startsWith("probe "));
  return { verdict: onlyErrors ? "error" : "fail", reasons, ...(leaked.length ? { leakedColumns: leaked } : {}), ...(probeFails.some((p) => p.operation.startsWith("outside")) ? { unexpectedAllow: true } : {}) };
}
