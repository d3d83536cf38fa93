// The orchestrator: plan → proofs → sessions → actions → judge → CloudTrail evidence → report model.
// It talks to the world only through the ports it is given, so the same code runs against the
// sandbox, a real account, or test doubles. Every decision is core/judge's.
import { errored, type Observed, type Outcome } from "../model/outcome.js";
import { REPORT_SCHEMA_VERSION, type CheckResult, type PersonaReport, type ReportTarget, type RunProofs, type RunReport, type Verdict } from "../model/report.js";
import type { Reporter } from "../model/reporter.js";
import type { ValidScenario } from "../scenario/parse.js";
import { evidenceRequestFor, toLookup, type EvidenceRequest } from "./evidence.js";
import { laneLimiter, limiter } from "./limit.js";
import { actionLayer, buildPlan, plannedPersonas, type Task } from "./plan.js";
import type { ActionResult, ActionRunner, AuditSource, DirectoryReader, EvidenceMatch, PersonaSession, ProofReader, SessionProvider } from "./ports.js";
import { summarize } from "./summary.js";
import { ContrastIndex, ProofIndex, judgeAction, judgeSignIn, matchExpectation, type JudgeContext, type ObservedTask } from "./judge/index.js";
import { describeCatalogProof, gatherProofs } from "./proofs.js";
import { describeAction, toExpected, toObserved } from "./describe.js";

export interface RunOptions {
  runId: string;
  scenarios: ValidScenario[];
  scenarioFiles: { file: string; name: string; sha256: string }[];
  target: ReportTarget;
  tool: { name: string; version: string };
  basePrincipalArn?: string;
  sessions: SessionProvider;
  actions: ActionRunner;
  audit?: AuditSource;
  directory?: DirectoryReader;
  /** Base-principal proofs (catalog, workgroup, S3 objects); without it no denial can be proven. */
  proofs?: ProofReader;
  reporter: Reporter;
  concurrency: {
    personas: number;
    checks: number;
    /** Per action type (Athena: the account's active-query quota). A task whose lane is full lets
     * others go first, so a backlog of slow queries never holds slots other checks could use. */
    perAction?: Partial<Record<Task["action"]["type"], number>>;
  };
  cloudtrail: { deadlineMs: number; settleMs: number };
  signal: AbortSignal;
  now?: () => number;
  /** Only these personas (see PlanOptions). @default all */
  personas?: readonly string[];
}

export async function runScenarios(o: RunOptions): Promise<RunReport> {
  const now = o.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const tasks = buildPlan(o.scenarios, { personas: o.personas });
  const personaKeys = o.scenarios.flatMap((s) => plannedPersonas(s, { personas: o.personas }).map((p) => ({ s, p })));
  await o.reporter.onBegin?.({ runId: o.runId, target: o.target, taskCount: tasks.length, personas: personaKeys.map((k) => k.p), scenarios: o.scenarios.map((s) => s.name) });

  // 1. Proofs (base principal) and persona state (directory, sign-in), before any check runs.
  const proofsReady = gatherProofs(o.signal.aborted ? undefined : o.proofs, o.scenarios, tasks);
  const personaLimit = limiter(o.concurrency.personas);
  const sessions = new Map<string, PersonaSession>();
  const personaReports: PersonaReport[] = [];
  await Promise.all(personaKeys.map(({ s, p }) => personaLimit(async () => {
    const { report, session } = await openPersona(o, s, p);
    sessions.set(`${s.name}/${p}`, session);
    personaReports.push(report);
  })));
  const proofs: RunProofs = await proofsReady;
  const proofIndex = new ProofIndex(proofs);
  // Refused sign-ins are judged with the other personas' sign-ins as contrast.
  const signIns = [...sessions.values()].map((x) => ({ scenario: x.scenario, outcome: x.signIn }));
  const signInCtx: JudgeContext = { proofs: proofIndex, contrast: new ContrastIndex([], signIns) };
  const judgedSignIn = new Map<string, Outcome>();
  for (const [k, x] of sessions) judgedSignIn.set(k, judgeSignIn(x.signIn, x.scenario, signInCtx));
  for (const r of personaReports) {
    const j = judgedSignIn.get(`${r.scenario}/${r.name}`)!;
    r.signIn = j.kind === "allowed" ? "ok" : j.kind === "denied" ? "denied" : "error";
    if (j.kind !== "allowed") r.note = [r.note, `sign-in ${r.signIn}: ${j.kind === "denied" ? `${j.layer} ${j.code}` : j.message}`].filter(Boolean).join("; ");
  }
  // In the order the scenarios declare them, not the order sign-ins happened to finish.
  const order = personaKeys.map(({ s, p }) => `${s.name}/${p}`);
  personaReports.sort((a, b) => order.indexOf(`${a.scenario}/${a.name}`) - order.indexOf(`${b.scenario}/${b.name}`));
  for (const r of personaReports) await o.reporter.onPersona?.(r);
  for (const p of proofs.catalog) { const line = describeCatalogProof(p); if (line) o.reporter.onProgress?.(line); }

  // 2. Actions, concurrently within limits; each finished action hands its evidence request to the
  //    CloudTrail session at once, so waiting for CloudTrail overlaps with the remaining checks.
  const requestOf = new Map<string, EvidenceRequest>();
  const audit = o.audit && !o.signal.aborted
    ? o.audit.begin({ settleMs: o.cloudtrail.settleMs, signal: o.signal, onProgress: (f, n) => o.reporter.onProgress?.(`CloudTrail: ${f}/${n} records confirmed`) })
    : undefined;
  const personaOf = (t: Task) => personaReports.find((p) => p.name === t.persona && p.scenario === t.scenario);
  const collect = (t: Task, session: PersonaSession, result: ActionResult) => {
    if (!t.cloudtrail || result.outcome.kind === "error") return;
    const signedIn = session.signIn.kind === "allowed";
    const action = signedIn ? t.action : { type: "signin" as const };
    // A refused sign-in's record must name the persona's directory user wherever AWS records one (D6).
    const userId = signedIn ? session.userId : personaOf(t)?.identityCenterUserId;
    const req = evidenceRequestFor(t.id, action, result.outcome, result.correlation, userId, result.apiRefused, !signedIn);
    requestOf.set(t.id, req);
    audit?.add(req);
  };
  const observedSoFar: ObservedTask[] = [];
  const checkLimit = laneLimiter(o.concurrency.checks, new Map(Object.entries(o.concurrency.perAction ?? {}) as [string, number][]));
  const executed = await Promise.all(tasks.map((t) => checkLimit(t.action.type, async () => {
    const key = `${t.scenario}/${t.persona}`;
    const session = sessions.get(key)!;
    const started = now();
    let result: ActionResult;
    if (o.signal.aborted) result = { outcome: errored("cancelled", "the run was interrupted before this check ran"), correlation: { startedAt: started, finishedAt: started }, retries: 0, apiRefused: false };
    else if (judgedSignIn.get(key)!.kind !== "allowed" || t.action.type === "signin") {
      result = { outcome: session.signIn, correlation: session.signInCorrelation ?? { startedAt: started, finishedAt: started }, retries: 0, apiRefused: session.signInApiRefused ?? false };
    } else result = await o.actions.run(session, t, o.signal);
    observedSoFar.push({ task: t, outcome: result.outcome, queryStarted: !!result.correlation.queryExecutionId });
    if (result.outcome.kind === "error" && result.outcome.errorKind === "cancelled") o.reporter.onProgress?.(`${t.id}: cancelled`);
    else o.reporter.onProgress?.(`observed ${t.persona} × ${t.check}: ${liveLine(t, result.outcome, key, { proofs: proofIndex, contrast: new ContrastIndex(observedSoFar, signIns) }, judgedSignIn)}`);
    collect(t, session, result);
    return { task: t, session, result, started };
  })));

  // 3. The judge: every observation with the run's proofs and the other personas' contrast.
  const ctx: JudgeContext = { proofs: proofIndex, contrast: new ContrastIndex(executed.map((e) => ({ task: e.task, outcome: e.result.outcome, queryStarted: !!e.result.correlation.queryExecutionId })), signIns) };
  const judged = executed.map((e) => judgeOne(e.task, e.result.outcome, `${e.task.scenario}/${e.task.persona}`, ctx, judgedSignIn));

  // 4. CloudTrail evidence: the deadline counts from the last check, so the last record gets it all.
  const evidence: Map<string, EvidenceMatch> = audit ? await audit.finish({ deadlineMs: o.signal.aborted ? 0 : o.cloudtrail.deadlineMs }) : new Map();

  // 5. Verdicts.
  const results: CheckResult[] = executed.map((e, i) => resultOf(e, judged[i], evidence.get(e.task.id), requestOf.get(e.task.id), personaOf(e.task), proofIndex));
  for (const r of results) await o.reporter.onResult?.(r);

  const report: RunReport = {
    schemaVersion: REPORT_SCHEMA_VERSION, runId: o.runId, startedAt, finishedAt: new Date(now()).toISOString(),
    tool: o.tool, target: o.target, ...(o.basePrincipalArn ? { basePrincipalArn: o.basePrincipalArn } : {}),
    scenarios: o.scenarioFiles, personas: personaReports.sort((a, b) => a.scenario.localeCompare(b.scenario) || a.name.localeCompare(b.name)),
    results, summary: summarize(results, personaReports, o.signal.aborted, proofs), ...(o.signal.aborted ? { interrupted: true } : {}), proofs,
  };
  return report;
}

/** Directory state and sign-in of one persona, with typed drift, identity mismatch and directory errors. */
async function openPersona(o: RunOptions, s: ValidScenario, p: string): Promise<{ report: PersonaReport; session: PersonaSession }> {
  const spec = s.personas[p];
  const report: PersonaReport = { name: p, scenario: s.name, class: spec.class, expectedGroups: spec.groups, signIn: "error" };
  if (!o.directory || !s.target.identityCenter.identityStoreId) {
    report.directoryError = "the scenario names no identity store (target.identityCenter.identityStoreId), so the signed-in user cannot be proven to be this persona";
  } else {
    const d = await o.directory.read(s, p);
    if (d.error) report.directoryError = `the directory could not be read: ${d.error}`;
    else if (d.userId !== undefined) {
      report.resolvedGroups = d.groups;
      report.identityCenterUserId = d.userId;
      const want = [...spec.groups].sort(), got = [...(d.groups ?? [])].sort();
      if (want.join("\n") !== got.join("\n")) {
        report.drift = { expected: want, actual: got };
        report.note = `DIRECTORY DRIFT: expected groups [${want.join(", ")}], Identity Center has [${got.join(", ")}]`;
      }
    }
  }
  if (report.directoryError) report.note = [report.note, `identity unproven: ${report.directoryError}`].filter(Boolean).join("; ");
  let session = o.signal.aborted ? cancelledSession(s.name, p) : await o.sessions.open(s, p, o.signal);
  // The token must have signed in the very user the directory says this persona is: a token source
  // pointing at another test user would otherwise run (and pass) every check as someone else.
  if (session.signIn.kind === "allowed" && report.identityCenterUserId && session.userId && session.userId !== report.identityCenterUserId) {
    report.identityMismatch = { signedIn: session.userId, directory: report.identityCenterUserId };
    session = { ...session, signIn: errored("invalid-request", `the token signed in Identity Center user ${session.userId}, but persona "${p}" is ${report.identityCenterUserId} in the directory: fix the persona's token source`, "IDENTITY_MISMATCH") };
    report.note = [report.note, `IDENTITY MISMATCH: signed in as ${session.userId}, directory says ${report.identityCenterUserId}`].filter(Boolean).join("; ");
  }
  if (session.userId && !report.identityMismatch) report.identityCenterUserId ??= session.userId;
  return { report, session };
}

function judgeOne(t: Task, observed: Observed, key: string, ctx: JudgeContext, signIns: Map<string, Outcome>): Outcome {
  const signIn = signIns.get(key)!;
  if (signIn.kind !== "allowed") return signIn;
  return t.action.type === "signin" ? signIn : judgeAction(t, observed, ctx);
}

type Executed = { task: Task; session: PersonaSession; result: ActionResult; started: number };

function resultOf(e: Executed, outcome: Outcome, ev: EvidenceMatch | undefined, req: EvidenceRequest | undefined, persona: PersonaReport | undefined, proofs: ProofIndex): CheckResult {
  const v = matchExpectation(e.task, outcome, proofs);
  let verdict: Verdict = v.verdict;
  const reasons = [...v.reasons];
  if (persona?.drift) reasons.push(persona.note!.split("; ")[0]);
  // Without a proven identity, nothing this persona did can pass on the strength of its sign-in alone.
  if (persona?.directoryError) { reasons.push(`identity unproven: ${persona.directoryError}`); if (verdict === "pass") verdict = "error"; }
  const a = e.task.action;
  if (a.type === "athena" && a.table) { const line = describeCatalogProof(proofs.table(a.database, a.table) ?? { database: a.database, table: a.table, status: "ok" }); if (line) reasons.push(line); }
  let evidenceStatus: CheckResult["evidence"]["status"] = "not-required";
  let note: string | undefined;
  if (e.task.cloudtrail && outcome.kind !== "error") {
    evidenceStatus = ev?.status ?? "pending";
    if (evidenceStatus === "pending") { note = ev?.problems.length ? `CloudTrail could not be read: ${ev.problems.join("; ")}` : "no matching CloudTrail record was delivered before the deadline; run `tip-proof confirm` later"; if (verdict === "pass") verdict = "pending"; }
    if (evidenceStatus === "mismatch") { reasons.push(...(ev?.problems ?? [])); if (verdict === "pass") verdict = "fail"; }
  }
  return {
    id: e.task.id, scenario: e.task.scenario, persona: e.task.persona, personaClass: e.task.personaClass,
    identityCenterUserId: e.session.userId, check: e.task.check, ...(e.task.description ? { description: e.task.description } : {}),
    action: { type: a.type, summary: describeAction(a), layer: actionLayer(a) },
    expected: toExpected(e.task), observed: toObserved(outcome), verdict, reasons,
    ...(v.unexpectedAllow ? { unexpectedAllow: true } : {}), ...(v.leakedColumns ? { leakedColumns: v.leakedColumns } : {}),
    timings: { startedAt: new Date(e.started).toISOString(), durationMs: Math.max(0, e.result.correlation.finishedAt - e.result.correlation.startedAt) },
    retries: e.result.retries,
    evidence: { status: evidenceStatus, cloudtrail: ev?.events ?? [], ...(note ? { note } : {}), ...(evidenceStatus === "pending" && req ? { lookup: toLookup(req) } : {}) },
  };
}

function cancelledSession(scenario: string, persona: string): PersonaSession {
  return { scenario, persona, signIn: errored("cancelled", "the run was interrupted before sign-in") };
}

export type { Task };

/** A one-line look at an observation as it happens (before CloudTrail), judged with what the run knows so far. */
function liveLine(t: Task, observed: Observed, key: string, ctx: JudgeContext, signIns: Map<string, Outcome>): string {
  const out = judgeOne(t, observed, key, ctx, signIns);
  const v = matchExpectation(t, out, ctx.proofs);
  const what = out.kind === "allowed" ? `allowed${out.observation.columns ? ` (${out.observation.columns.length} columns${out.observation.rowCount !== undefined ? `, ${out.observation.rowCount} rows` : ""})` : out.observation.grantedScope ? ` (${out.observation.grantedScope})` : ""}` : out.kind === "denied" ? `denied by ${out.layer} (${out.code})` : `error (${out.errorKind})`;
  const then = v.verdict === "pass" ? "as expected" : out.kind === "error" && out.errorKind === "ambiguous-denial" ? "not yet proven (needs another persona's contrast)" : v.reasons[0];
  return `${what} → ${then}`;
}
