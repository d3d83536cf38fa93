// The run's verdicts from its facts: the one path from what was observed (model/facts-blob.ts) to the
// report model, used by every run (core/run.ts) and by `report merge`, which hands it the union of
// its shards' facts. Pure: the judge's proofs and contrast are built from the facts given, so a merge's
// proofs and contrast from one shard serve the checks of another.
import type { Outcome } from "../model/outcome.js";
import type { CheckFacts, PersonaFacts, RunFacts } from "../model/facts-blob.js";
import {
  REPORT_SCHEMA_VERSION,
  type CheckResult,
  type PersonaReport,
  type RunReport,
  type Verdict,
} from "../model/report.js";
import { describeAction, toExpected, toObserved } from "./describe.js";
import {
  ContrastIndex,
  ProofIndex,
  judgeAction,
  judgeSignIn,
  matchExpectation,
  type JudgeContext,
  type ObservedSignIn,
} from "./judge/index.js";
import { actionLayer, type Task } from "./plan.js";
import { describeCatalogProof } from "./proofs.js";
import { EXIT, summarize } from "./summary.js";

export const personaKey = (scenario: string, persona: string): string => `${scenario}/${persona}`;

export interface JudgedPersonas {
  /** Each persona's report with its judged sign-in (`signIn`, and the sign-in part of `note`). */
  reports: PersonaReport[];
  /** The judged sign-in of each persona, by personaKey. */
  signIn: Map<string, Outcome>;
  signIns: ObservedSignIn[];
}

/** Refused sign-ins are judged with the other personas' sign-ins as contrast. */
export function judgePersonas(personas: PersonaFacts[], proofs: ProofIndex): JudgedPersonas {
  const signIns = personas.map((p) => ({ scenario: p.report.scenario, outcome: p.signIn }));
  const ctx: JudgeContext = { proofs, contrast: new ContrastIndex([], signIns) };
  const signIn = new Map<string, Outcome>();
  const reports = personas.map((p) => {
    const j = judgeSignIn(p.signIn, p.report.scenario, ctx, p.report.identityCenterUserId);
    signIn.set(personaKey(p.report.scenario, p.report.name), j);
    const r: PersonaReport = {
      ...p.report,
      signIn: j.kind === "allowed" ? "ok" : j.kind === "denied" ? "denied" : "error",
    };
    if (j.kind !== "allowed")
      r.note = [r.note, `sign-in ${r.signIn}: ${j.kind === "denied" ? `${j.layer} ${j.code}` : j.message}`]
        .filter(Boolean)
        .join("; ");
    return r;
  });
  return { reports, signIn, signIns };
}

/** An action's outcome: a persona whose sign-in was not allowed carries that outcome into every check. */
export function judgeOne(
  t: Task,
  observed: CheckFacts["observed"],
  ctx: JudgeContext,
  signIns: Map<string, Outcome>,
): Outcome {
  const signIn = signIns.get(personaKey(t.scenario, t.persona))!;
  if (signIn.kind !== "allowed") return signIn;
  return t.action.type === "signin" ? signIn : judgeAction(t, observed, ctx);
}

/** Verdicts, reasons, evidence and the summary, from the facts alone. */
export function judgeRun(f: RunFacts): RunReport {
  const proofs = new ProofIndex(f.proofs);
  const personas = judgePersonas(f.personas, proofs);
  const checks = [...f.checks].sort((a, b) => a.planIndex - b.planIndex);
  const ctx: JudgeContext = {
    proofs,
    contrast: new ContrastIndex(
      checks.map((c) => ({ task: c.task, outcome: c.observed, queryStarted: c.queryStarted })),
      personas.signIns,
    ),
  };
  const reportOf = new Map(personas.reports.map((r) => [personaKey(r.scenario, r.name), r]));
  const userOf = new Map(f.personas.map((p) => [personaKey(p.report.scenario, p.report.name), p.userId]));
  const results = checks.map((c) => {
    const key = personaKey(c.task.scenario, c.task.persona);
    return resultOf(c, judgeOne(c.task, c.observed, ctx, personas.signIn), reportOf.get(key), userOf.get(key), proofs);
  });
  const personaReports = personas.reports.sort(
    (a, b) => a.scenario.localeCompare(b.scenario) || a.name.localeCompare(b.name),
  );
  const interrupted = !!f.interrupted;
  // Stopped at its time limit (a shard's, in a merge): the partial run exits 124, as the run itself did.
  const timedOut = interrupted && f.globalTimeoutMs !== undefined;
  const summary = summarize(results, personaReports, interrupted, f.proofs);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: f.runId,
    startedAt: f.startedAt,
    finishedAt: f.finishedAt,
    tool: f.tool,
    target: f.target,
    ...(f.basePrincipalArn ? { basePrincipalArn: f.basePrincipalArn } : {}),
    scenarios: f.scenarios,
    personas: personaReports,
    results,
    summary: timedOut ? { ...summary, exitCode: EXIT.globalTimeout } : summary,
    ...(interrupted ? { interrupted: true } : {}),
    ...(timedOut ? { globalTimeoutMs: f.globalTimeoutMs } : {}),
    proofs: f.proofs,
    ...(f.clock ? { clock: f.clock } : {}),
  };
}

function resultOf(
  c: CheckFacts,
  outcome: Outcome,
  persona: PersonaReport | undefined,
  userId: string | undefined,
  proofs: ProofIndex,
): CheckResult {
  const v = matchExpectation(c.task, outcome, proofs);
  let verdict: Verdict = v.verdict;
  const reasons = [...v.reasons];
  if (persona?.drift) reasons.push(persona.note!.split("; ")[0]);
  // Without a proven identity, nothing this persona did can pass on the strength of its sign-in alone.
  if (persona?.directoryError) {
    reasons.push(`identity unproven: ${persona.directoryError}`);
    if (verdict === "pass") verdict = "error";
  }
  const a = c.task.action;
  if (a.type === "athena" && a.table) {
    const line = describeCatalogProof(
      proofs.table(a.database, a.table) ?? { database: a.database, table: a.table, status: "ok" },
    );
    if (line) reasons.push(line);
  }
  let evidenceStatus: CheckResult["evidence"]["status"] = "not-required";
  let note: string | undefined;
  const ev = c.evidence;
  if (c.task.cloudtrail && outcome.kind !== "error") {
    evidenceStatus = ev?.status ?? "pending";
    if (evidenceStatus === "pending") {
      note = ev?.problems.length
        ? `CloudTrail could not be read: ${ev.problems.join("; ")}`
        : "no matching CloudTrail record was delivered before the deadline; run `tip-proof confirm` later";
      if (verdict === "pass") verdict = "pending";
    }
    if (evidenceStatus === "mismatch") {
      reasons.push(...(ev?.problems ?? []));
      if (verdict === "pass") verdict = "fail";
    }
  }
  const t = c.task;
  return {
    id: t.id,
    scenario: t.scenario,
    persona: t.persona,
    personaClass: t.personaClass,
    identityCenterUserId: userId,
    check: t.check,
    ...(t.description ? { description: t.description } : {}),
    action: { type: a.type, summary: describeAction(a), layer: actionLayer(a) },
    expected: toExpected(t),
    observed: toObserved(outcome),
    verdict,
    reasons,
    ...(v.unexpectedAllow ? { unexpectedAllow: true } : {}),
    ...(v.leakedColumns ? { leakedColumns: v.leakedColumns } : {}),
    timings: {
      startedAt: new Date(c.startedAt).toISOString(),
      durationMs: Math.max(0, c.span.finishedAt - c.span.startedAt),
    },
    retries: c.retries,
    evidence: {
      status: evidenceStatus,
      cloudtrail: ev?.events ?? [],
      ...(note ? { note } : {}),
      ...(evidenceStatus === "pending" && c.lookup ? { lookup: c.lookup } : {}),
    },
  };
}
