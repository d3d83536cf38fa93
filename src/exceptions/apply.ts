// After judging: the exception register and the scenarios' ownership applied to a judged report. Pure.
// The judge is untouched: a waiver never changes a verdict or its reasons; it marks a `fail` as
// covered by a live exception (`waiver`), which the summary then leaves out of the exit code. Only
// `fail` can be waived: an `error` means nothing was proven, and an exception cannot prove it.
import { summarize } from "../core/summary.js";
import type { CheckResult, ExceptionEntryReport, RunReport, Waiver } from "../model/report.js";
import type { ValidScenario } from "../scenario/parse.js";
import { patternMatches, type ExceptionTargets } from "./parse.js";
import type { ExceptionSpec, ExceptionsFile } from "./schema.js";

export interface LoadedRegister {
  file: string;
  sha256: string;
  register: ExceptionsFile;
}
/** A scenario's ownership metadata, by scenario name. */
export interface Ownership {
  name: string;
  owner?: string;
  ticket?: string;
  reviewBy?: string;
}

/** YYYY-MM-DD in UTC: the date expiries and review dates are compared with. */
export const dateOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

/** Live on its expiry date; expired from the day after. */
export const isLive = (e: { expires: string }, asOf: string): boolean => e.expires >= asOf;

export function exceptionTargets(scenarios: ValidScenario[]): ExceptionTargets[] {
  return scenarios.map((s) => ({
    scenario: s.name,
    personas: Object.keys(s.personas),
    checks: [...s.checks.map((c) => c.id), ...Object.keys(s.matrix?.resources ?? {})],
  }));
}

export function ownershipOf(scenarios: ValidScenario[]): Ownership[] {
  return scenarios.map((s) => ({
    name: s.name,
    ...(s.owner ? { owner: s.owner } : {}),
    ...(s.ticket ? { ticket: s.ticket } : {}),
    ...(s.reviewBy ? { reviewBy: s.reviewBy } : {}),
  }));
}

export function covers(
  e: Pick<ExceptionSpec, "scenario" | "personas" | "checks" | "cell">,
  r: Pick<CheckResult, "scenario" | "persona" | "check">,
): boolean {
  if (e.scenario !== undefined && e.scenario !== r.scenario) return false;
  const personas = e.cell ? [e.cell.persona] : (e.personas ?? []),
    checks = e.cell ? [e.cell.resource] : (e.checks ?? []);
  return personas.some((p) => patternMatches(p, r.persona)) && checks.some((c) => patternMatches(c, r.check));
}

const waiverOf = (e: ExceptionEntryReport): Waiver => ({
  exception: e.id,
  justification: e.justification,
  owner: e.owner,
  ticket: e.ticket,
  expires: e.expires,
});
export const waiverText = (w: Waiver): string => `${w.justification} (${w.owner}, ${w.ticket}, expires ${w.expires})`;

export interface AnnotateInput {
  /** The date to judge expiries and review dates against (YYYY-MM-DD). @default the run's start date (UTC) */
  asOf?: string;
  register?: LoadedRegister;
  ownership?: Ownership[];
}

/**
 * The report with ownership on its scenarios, waivers and lapsed exceptions on its failures, the
 * register's entries with what each matched, the run's warnings, and the summary counted again.
 */
export function annotateRun(report: RunReport, i: AnnotateInput): RunReport {
  const asOf = i.asOf ?? dateOf(report.startedAt);
  const owners = new Map((i.ownership ?? []).map((o) => [o.name, o]));
  const scenarios = report.scenarios.map((s) => {
    const o = owners.get(s.name);
    return o
      ? {
          ...s,
          ...(o.owner ? { owner: o.owner } : {}),
          ...(o.ticket ? { ticket: o.ticket } : {}),
          ...(o.reviewBy ? { reviewBy: o.reviewBy } : {}),
        }
      : s;
  });
  const entries: ExceptionEntryReport[] = (i.register?.register.exceptions ?? []).map((e) => ({
    id: e.id,
    ...(e.scenario !== undefined ? { scenario: e.scenario } : {}),
    personas: e.cell ? [e.cell.persona] : (e.personas ?? []),
    checks: e.cell ? [e.cell.resource] : (e.checks ?? []),
    justification: e.justification,
    owner: e.owner,
    ticket: e.ticket,
    expires: e.expires,
    status: isLive(e, asOf) ? "live" : "expired",
    waived: [],
    lapsed: [],
  }));
  const results = report.results.map((r) => {
    // Start from the judged result: a report annotated before (a merge, a re-run of confirm) is annotated afresh.
    const { waiver: _w, lapsedWaiver: _l, ...judged } = r;
    const base = { ...judged, reasons: judged.reasons.filter((x) => !x.startsWith("exception ")) };
    if (base.verdict !== "fail") return base;
    const matching = entries.filter((e) => covers(e, base));
    const live = matching.find((e) => e.status === "live");
    if (live) {
      live.waived.push(base.id);
      return { ...base, waiver: waiverOf(live) };
    }
    const lapsed = matching[0];
    if (!lapsed) return base;
    lapsed.lapsed.push(base.id);
    return {
      ...base,
      lapsedWaiver: waiverOf(lapsed),
      reasons: [
        ...base.reasons,
        `exception ${lapsed.id} expired ${lapsed.expires} (${lapsed.owner}, ${lapsed.ticket}): it no longer waives this failure`,
      ],
    };
  });
  const summary = {
    ...summarize(results, report.personas, !!report.interrupted, report.proofs),
    ...(report.interrupted ? { exitCode: report.summary.exitCode } : {}),
  };
  const out: RunReport = { ...report, scenarios, asOf, results, summary };
  delete out.exceptions;
  delete out.warnings;
  if (i.register) out.exceptions = { file: i.register.file, sha256: i.register.sha256, entries };
  const warnings = runWarnings(out);
  if (warnings.length) out.warnings = warnings;
  return out;
}

/** Warnings every report shows: exceptions that matched nothing or expired, scenarios past their review date. */
function runWarnings(r: RunReport): string[] {
  const out: string[] = [];
  for (const e of r.exceptions?.entries ?? []) {
    const who = `(${e.owner}, ${e.ticket})`;
    if (e.status === "expired")
      out.push(
        e.lapsed.length
          ? `EXCEPTION EXPIRED: ${e.id} expired ${e.expires} ${who} and no longer waives ${e.lapsed.length} failure(s): ${e.lapsed.join(", ")}. Fix them, or renew the exception with a new date.`
          : `EXCEPTION EXPIRED: ${e.id} expired ${e.expires} ${who} and matched no failure in this run. Remove it from ${r.exceptions!.file}.`,
      );
    else if (!e.waived.length)
      out.push(
        `EXCEPTION UNMATCHED: ${e.id} ${who} matched no failing result in this run (personas ${e.personas.join(", ")} × checks ${e.checks.join(", ")}). Remove it if the failure is fixed; errors and pending results are never waived.`,
      );
  }
  for (const s of r.scenarios)
    if (s.reviewBy && r.asOf && s.reviewBy < r.asOf)
      out.push(
        `REVIEW OVERDUE: ${s.name}: the scenario was due for review by ${s.reviewBy}${s.owner ? ` (owner ${s.owner})` : ""}. Review it and set a new reviewBy.`,
      );
  return out;
}

/**
 * The register, ownership and date a report was annotated with, applied to another report of the same
 * run (`report merge` re-judges the shards' facts: the shards' register carries over unchanged).
 */
export function reannotateLike(report: RunReport, like: RunReport): RunReport {
  const ownership = like.scenarios.map((s) => ({
    name: s.name,
    owner: s.owner,
    ticket: s.ticket,
    reviewBy: s.reviewBy,
  }));
  const register = like.exceptions && {
    file: like.exceptions.file,
    sha256: like.exceptions.sha256,
    register: {
      version: 1 as const,
      exceptions: like.exceptions.entries.map((e) => ({
        id: e.id,
        ...(e.scenario ? { scenario: e.scenario } : {}),
        personas: e.personas,
        checks: e.checks,
        justification: e.justification,
        owner: e.owner,
        ticket: e.ticket,
        expires: e.expires,
      })),
    },
  };
  return annotateRun(report, {
    ownership,
    ...(like.asOf ? { asOf: like.asOf } : {}),
    ...(register ? { register } : {}),
  });
}
