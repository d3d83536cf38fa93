// Run-to-run drift: which persona × check results changed between two reports, keyed by result id,
// the changes that grant access first. Pure.
import { premiseFindingKeys } from "../core/summary.js";
import type { CheckResult, RunReport } from "../model/report.js";

/** In the order they are listed: access newly granted first, then other new failures, fixes, the rest. */
export const CHANGE_KINDS = ["new-allow", "new-failure", "fixed", "changed", "added", "removed"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ResultChange {
  kind: ChangeKind;
  id: string;
  scenario: string;
  check: string;
  persona: string;
  before?: CheckResult;
  after?: CheckResult;
  /** What changed, in words (names and counts only). */
  details: string[];
}

/** How the exception register changed between the runs, by exception id. */
export interface ExceptionChange {
  kind: "added" | "removed" | "expired" | "renewed";
  id: string;
  owner: string;
  ticket: string;
  expires: string;
  details: string;
}

export interface ReportDiff {
  old: { runId: string; startedAt: string };
  new: { runId: string; startedAt: string };
  changes: ResultChange[];
  counts: Record<ChangeKind, number>;
  unchanged: number;
  /** Exceptions added, removed, expired or renewed (a new expiry date) between the runs. */
  exceptions: ExceptionChange[];
  /**
   * Findings about the run itself (directory or catalog drift, an unproven identity), one line each: they fail
   * a run whose checks all held, so a new one is a regression like a new failure (review s22c F5).
   */
  runFindings: { added: string[]; removed: string[] };
  /** New allows, other new failures or new run findings: `report diff` exits 1. */
  regressed: boolean;
}

const failing = (r?: CheckResult) => !!r && (r.verdict === "fail" || r.verdict === "error");
const leaked = (r?: CheckResult) => new Set(r?.leakedColumns ?? []);

/** Access the identity did not have before: an unexpected allow, or columns it must not see. */
function newAccess(before: CheckResult | undefined, after: CheckResult): string[] {
  const out: string[] = [];
  if (after.unexpectedAllow && !before?.unexpectedAllow)
    out.push(
      `now allowed, a denial is expected${after.expected.layer ? ` by ${after.expected.layer}` : ""}${after.expected.code ? ` (${after.expected.code})` : ""}`,
    );
  const gained = [...leaked(after)].filter((c) => !leaked(before).has(c));
  if (gained.length) out.push(`now sees column(s) that must be hidden: ${gained.join(", ")}`);
  return out;
}

export function observedText(r: CheckResult): string {
  const o = r.observed;
  if (o.outcome === "denied") return `denied by ${o.layer}${o.code ? ` (${o.code})` : ""}`;
  if (o.outcome === "error") return `error ${o.errorKind ?? ""}${o.code ? ` (${o.code})` : ""}`.trim();
  const parts = [
    o.columns ? `${o.columns.length} columns` : "",
    o.rowCount !== undefined ? `${o.rowCount} rows` : "",
    o.grantedScope ? `scope ${o.grantedScope}` : "",
  ].filter(Boolean);
  return parts.length ? `allowed (${parts.join(", ")})` : "allowed";
}

/** Differences a reader cares about; timings, ids and row counts of allowed queries are noise. */
function differences(a: CheckResult, b: CheckResult): string[] {
  const out: string[] = [];
  if (a.verdict !== b.verdict) out.push(`verdict ${a.verdict} → ${b.verdict}`);
  if (
    a.observed.outcome !== b.observed.outcome ||
    a.observed.code !== b.observed.code ||
    a.observed.layer !== b.observed.layer ||
    a.observed.errorKind !== b.observed.errorKind
  )
    out.push(`observed ${observedText(a)} → ${observedText(b)}`);
  const ca = new Set(a.observed.columns ?? []),
    cb = new Set(b.observed.columns ?? []);
  const plus = [...cb].filter((c) => !ca.has(c)),
    minus = [...ca].filter((c) => !cb.has(c));
  if (plus.length) out.push(`columns added: ${plus.join(", ")}`);
  if (minus.length) out.push(`columns removed: ${minus.join(", ")}`);
  if ((a.observed.grantedScope ?? "") !== (b.observed.grantedScope ?? ""))
    out.push(`granted scope ${a.observed.grantedScope ?? "none"} → ${b.observed.grantedScope ?? "none"}`);
  const lostLeaks = [...leaked(a)].filter((c) => !leaked(b).has(c));
  if (lostLeaks.length) out.push(`no longer sees: ${lostLeaks.join(", ")}`);
  if (a.evidence.status !== b.evidence.status)
    out.push(`CloudTrail evidence ${a.evidence.status} → ${b.evidence.status}`);
  if (a.waiver?.exception !== b.waiver?.exception)
    out.push(
      b.waiver
        ? `now waived by ${b.waiver.exception} (expires ${b.waiver.expires})`
        : `no longer waived (was ${a.waiver!.exception})`,
    );
  return out;
}

function classify(
  before: CheckResult | undefined,
  after: CheckResult | undefined,
): { kind: ChangeKind; details: string[] } | undefined {
  if (!after)
    return { kind: "removed", details: [`no longer checked (was ${before!.verdict}: ${observedText(before!)})`] };
  const access = newAccess(before, after);
  if (access.length)
    return {
      kind: "new-allow",
      details: [...access, ...(before ? [`was ${before.verdict}: ${observedText(before)}`] : ["new check"])],
    };
  if (failing(after) && !failing(before))
    return {
      kind: "new-failure",
      details: [
        after.reasons[0] ?? after.verdict,
        ...(before ? [`was ${before.verdict}: ${observedText(before)}`] : ["new check"]),
      ],
    };
  if (!before) return { kind: "added", details: [`new check: ${after.verdict}, ${observedText(after)}`] };
  if (failing(before) && !failing(after))
    return {
      kind: "fixed",
      details: [
        `${before.verdict} → ${after.verdict}: ${observedText(after)}`,
        ...(before.reasons[0] ? [`was: ${before.reasons[0]}`] : []),
      ],
    };
  const d = differences(before, after);
  return d.length ? { kind: "changed", details: d } : undefined;
}

// Within "new-allow", a denial turned into an allow outranks columns newly visible.
const rankWithin = (c: ResultChange) => (c.after?.unexpectedAllow ? 0 : 1);

export function diffReports(oldReport: RunReport, newReport: RunReport): ReportDiff {
  const before = new Map(oldReport.results.map((r) => [r.id, r]));
  const after = new Map(newReport.results.map((r) => [r.id, r]));
  const ids = [...new Set([...after.keys(), ...before.keys()])];
  const changes: ResultChange[] = [];
  let unchanged = 0;
  for (const id of ids) {
    const a = before.get(id),
      b = after.get(id);
    const c = classify(a, b);
    if (!c) {
      unchanged++;
      continue;
    }
    const r = (b ?? a)!;
    changes.push({
      kind: c.kind,
      id,
      scenario: r.scenario,
      check: r.check,
      persona: r.persona,
      ...(a ? { before: a } : {}),
      ...(b ? { after: b } : {}),
      details: c.details,
    });
  }
  changes.sort(
    (x, y) =>
      CHANGE_KINDS.indexOf(x.kind) - CHANGE_KINDS.indexOf(y.kind) ||
      rankWithin(x) - rankWithin(y) ||
      x.id.localeCompare(y.id),
  );
  const counts = Object.fromEntries(CHANGE_KINDS.map((k) => [k, changes.filter((c) => c.kind === k).length])) as Record<
    ChangeKind,
    number
  >;
  // Compared finding by finding, not by kind: drift that moved to another group or persona is new.
  const premiseBefore = premiseFindingKeys(oldReport.personas, oldReport.proofs),
    premiseAfter = premiseFindingKeys(newReport.personas, newReport.proofs);
  const runFindings = {
    added: premiseAfter.filter((k) => !premiseBefore.includes(k)),
    removed: premiseBefore.filter((k) => !premiseAfter.includes(k)),
  };
  return {
    exceptions: exceptionChanges(oldReport, newReport),
    old: { runId: oldReport.runId, startedAt: oldReport.startedAt },
    new: { runId: newReport.runId, startedAt: newReport.startedAt },
    changes,
    counts,
    unchanged,
    runFindings,
    regressed: counts["new-allow"] + counts["new-failure"] + runFindings.added.length > 0,
  };
}

export function exceptionChanges(oldReport: RunReport, newReport: RunReport): ExceptionChange[] {
  const before = new Map((oldReport.exceptions?.entries ?? []).map((e) => [e.id, e]));
  const after = new Map((newReport.exceptions?.entries ?? []).map((e) => [e.id, e]));
  const out: ExceptionChange[] = [];
  const of = (
    kind: ExceptionChange["kind"],
    e: { id: string; owner: string; ticket: string; expires: string },
    details: string,
  ) => out.push({ kind, id: e.id, owner: e.owner, ticket: e.ticket, expires: e.expires, details });
  for (const [id, b] of after) {
    const a = before.get(id);
    if (!a)
      of(
        "added",
        b,
        `added (${b.owner}, ${b.ticket}, expires ${b.expires}${b.status === "expired" ? ", already expired" : ""}): ${b.justification}`,
      );
    else if (a.status === "live" && b.status === "expired")
      of(
        "expired",
        b,
        `expired ${b.expires} (${b.owner}, ${b.ticket})${b.lapsed.length ? `: no longer waives ${b.lapsed.join(", ")}` : ""}`,
      );
    else if (a.expires !== b.expires) of("renewed", b, `expiry ${a.expires} → ${b.expires} (${b.owner}, ${b.ticket})`);
  }
  for (const [id, a] of before)
    if (!after.has(id)) of("removed", a, `removed (was ${a.owner}, ${a.ticket}, expires ${a.expires})`);
  return out.sort((x, y) => x.kind.localeCompare(y.kind) || x.id.localeCompare(y.id));
}
