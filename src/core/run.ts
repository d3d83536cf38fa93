// The orchestrator: plan → sessions → actions → verdicts → CloudTrail evidence → report model.
// It talks to the world only through the ports it is given, so the same code runs against the
// sandbox, a real account, or test doubles.
import { errored, type Outcome } from "../model/outcome.js";
import { REPORT_SCHEMA_VERSION, type CheckResult, type PersonaReport, type ReportTarget, type RunReport, type Verdict } from "../model/report.js";
import type { Reporter } from "../model/reporter.js";
import type { ValidScenario } from "../scenario/parse.js";
import { evidenceRequestFor, toLookup, type EvidenceRequest } from "./evidence.js";
import { laneLimiter, limiter } from "./limit.js";
import { actionLayer, buildPlan, type Task } from "./plan.js";
import type { ActionResult, ActionRunner, AuditSource, DirectoryReader, EvidenceMatch, PersonaSession, ProofReader, SessionProvider } from "./ports.js";
import { summarize } from "./summary.js";
import { applyContrast, applySignInContrast } from "./contrast.js";
import { decideVerdict } from "./verdict.js";
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
}

export async function runScenarios(o: RunOptions): Promise<RunReport> {
  const now = o.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const tasks = buildPlan(o.scenarios);
  const personaKeys = o.scenarios.flatMap((s) => Object.keys(s.personas).map((p) => ({ s, p })));
  await o.reporter.onBegin?.({ runId: o.runId, target: o.target, taskCount: tasks.length, personas: personaKeys.map((k) => k.p), scenarios: o.scenarios.map((s) => s.name) });

  // 1. Directory state and sign-in, per persona, before any check runs.
  const personaLimit = limiter(o.concurrency.personas);
  const sessions = new Map<string, PersonaSession>();
  const personaReports: PersonaReport[] = [];
  await Promise.all(personaKeys.map(({ s, p }) => personaLimit(async () => {
    const spec = s.personas[p];
    const report: PersonaReport = { name: p, scenario: s.name, class: spec.class, expectedGroups: spec.groups, signIn: "error" };
    if (o.directory) {
      const d = await o.directory.read(s, p);
      if (d.error) report.note = `directory check failed: ${d.error}`;
      else if (d.userId !== undefined) {
        report.resolvedGroups = d.groups;
        report.identityCenterUserId = d.userId;
        const want = [...spec.groups].sort().join(", "), got = [...(d.groups ?? [])].sort().join(", ");
        if (want !== got) report.note = `DIRECTORY DRIFT: expected groups [${want}], Identity Center has [${got}]`;
      }
    }
    let session = o.signal.aborted ? cancelledSession(s.name, p) : await o.sessions.open(s, p, o.signal);
    // The token must have signed in the very user the directory says this persona is: a token source
    // pointing at another test user would otherwise run (and pass) every check as someone else.
    if (session.signIn.kind === "allowed" && report.identityCenterUserId && session.userId && session.userId !== report.identityCenterUserId) {
      session = { ...session, signIn: errored("invalid-request", `the token signed in Identity Center user ${session.userId}, but persona "${p}" is ${report.identityCenterUserId} in the directory: fix the persona's token source`, "IDENTITY_MISMATCH") };
      report.note = [report.note, `IDENTITY MISMATCH: signed in as ${session.userId}, directory says ${report.identityCenterUserId}`].filter(Boolean).join("; ");
    }
    sessions.set(`${s.name}/${p}`, session);
    report.signIn = session.signIn.kind === "allowed" ? "ok" : session.signIn.kind === "denied" ? "denied" : "error";
    if (session.userId) report.identityCenterUserId = session.userId;
    if (session.signIn.kind !== "allowed") report.note = [report.note, `sign-in ${report.signIn}: ${session.signIn.kind === "denied" ? `${session.signIn.layer} ${session.signIn.code}` : session.signIn.message}`].filter(Boolean).join("; ");
    personaReports.push(report);
  })));
  applySignInContrast(o.scenarios, sessions);
  // In the order the scenarios declare them, not the order sign-ins happened to finish.
  const order = personaKeys.map(({ s, p }) => `${s.name}/${p}`);
  personaReports.sort((a, b) => order.indexOf(`${a.scenario}/${a.name}`) - order.indexOf(`${b.scenario}/${b.name}`));
  for (const r of personaReports) await o.reporter.onPersona?.(r);

  // 2. Actions, concurrently within limits; each finished action hands its evidence request to the
  //    CloudTrail session at once, so waiting for CloudTrail overlaps with the remaining checks.
  const requestOf = new Map<string, EvidenceRequest>();
  const audit = o.audit && !o.signal.aborted
    ? o.audit.begin({ settleMs: o.cloudtrail.settleMs, signal: o.signal, onProgress: (f, n) => o.reporter.onProgress?.(`CloudTrail: ${f}/${n} records confirmed`) })
    : undefined;
  const collect = (t: Task, session: PersonaSession, result: ActionResult) => {
    if (!t.cloudtrail || result.outcome.kind === "error") return;
    const action = session.signIn.kind !== "allowed" ? { type: "signin" as const } : t.action;
    const req = evidenceRequestFor(t.id, action, result.outcome, result.correlation, session.userId, result.apiRefused);
    requestOf.set(t.id, req);
    audit?.add(req);
  };
  const checkLimit = laneLimiter(o.concurrency.checks, new Map(Object.entries(o.concurrency.perAction ?? {}) as [string, number][]));
  const executed = await Promise.all(tasks.map((t) => checkLimit(t.action.type, async () => {
    const session = sessions.get(`${t.scenario}/${t.persona}`)!;
    const started = now();
    let result: ActionResult;
    if (o.signal.aborted) result = { outcome: errored("cancelled", "the run was interrupted before this check ran"), correlation: { startedAt: started, finishedAt: started }, retries: 0, apiRefused: false };
    else if (session.signIn.kind !== "allowed" || t.action.type === "signin") {
      result = { outcome: session.signIn.kind === "allowed" ? { kind: "allowed", observation: {} } : session.signIn, correlation: session.signInCorrelation ?? { startedAt: started, finishedAt: started }, retries: 0, apiRefused: session.signInApiRefused ?? false };
    } else result = await o.actions.run(session, t, o.signal);
    if (result.outcome.kind === "error" && result.outcome.errorKind === "cancelled") o.reporter.onProgress?.(`${t.id}: cancelled`);
    else o.reporter.onProgress?.(`observed ${t.persona} × ${t.check}: ${liveLine(t, result.outcome)}`);
    collect(t, session, result);
    return { task: t, session, result, started };
  })));

  // Denials that look like misconfigurations count only with contrast elsewhere in the run.
  const contrasted = executed.map((e) => ({ task: e.task, outcome: e.result.outcome, queryStarted: !!e.result.correlation.queryExecutionId }));
  applyContrast(contrasted);
  contrasted.forEach((c, i) => { executed[i].result = { ...executed[i].result, outcome: c.outcome }; });

  // 3. CloudTrail evidence: the deadline counts from the last check, so the last record gets it all.
  const evidence: Map<string, EvidenceMatch> = audit ? await audit.finish({ deadlineMs: o.signal.aborted ? 0 : o.cloudtrail.deadlineMs }) : new Map();

  // 4. Verdicts.
  const results: CheckResult[] = [];
  for (const e of executed) {
    const v = decideVerdict(e.task.expectation, e.result.outcome);
    let verdict: Verdict = v.verdict;
    const reasons = [...v.reasons];
    const persona = personaReports.find((p) => p.name === e.task.persona && p.scenario === e.task.scenario);
    if (persona?.note?.startsWith("DIRECTORY DRIFT")) reasons.push(persona.note);
    const ev = evidence.get(e.task.id);
    let evidenceStatus: CheckResult["evidence"]["status"] = "not-required";
    let note: string | undefined;
    if (e.task.cloudtrail && e.result.outcome.kind !== "error") {
      evidenceStatus = ev?.status ?? "pending";
      if (evidenceStatus === "pending") { note = ev?.problems.length ? `CloudTrail could not be read: ${ev.problems.join("; ")}` : "no matching CloudTrail record was delivered before the deadline; run `tip-proof confirm` later"; if (verdict === "pass") verdict = "pending"; }
      if (evidenceStatus === "mismatch") { reasons.push(...(ev?.problems ?? [])); if (verdict === "pass") verdict = "fail"; }
    }
    results.push({
      id: e.task.id, scenario: e.task.scenario, persona: e.task.persona, personaClass: e.task.personaClass,
      identityCenterUserId: e.session.userId, check: e.task.check, ...(e.task.description ? { description: e.task.description } : {}),
      action: { type: e.task.action.type, summary: describeAction(e.task.action), layer: actionLayer(e.task.action) },
      expected: toExpected(e.task), observed: toObserved(e.result.outcome), verdict, reasons,
      ...(v.unexpectedAllow ? { unexpectedAllow: true } : {}), ...(v.leakedColumns ? { leakedColumns: v.leakedColumns } : {}),
      timings: { startedAt: new Date(e.started).toISOString(), durationMs: Math.max(0, e.result.correlation.finishedAt - e.result.correlation.startedAt) },
      retries: e.result.retries,
      evidence: { status: evidenceStatus, cloudtrail: ev?.events ?? [], ...(note ? { note } : {}), ...(evidenceStatus === "pending" && requestOf.has(e.task.id) ? { lookup: toLookup(requestOf.get(e.task.id)!) } : {}) },
    });
  }
  for (const r of results) await o.reporter.onResult?.(r);

  const report: RunReport = {
    schemaVersion: REPORT_SCHEMA_VERSION, runId: o.runId, startedAt, finishedAt: new Date(now()).toISOString(),
    tool: o.tool, target: o.target, ...(o.basePrincipalArn ? { basePrincipalArn: o.basePrincipalArn } : {}),
    scenarios: o.scenarioFiles, personas: personaReports.sort((a, b) => a.scenario.localeCompare(b.scenario) || a.name.localeCompare(b.name)),
    results, summary: summarize(results, personaReports, o.signal.aborted), ...(o.signal.aborted ? { interrupted: true } : {}),
  };
  return report;
}

function cancelledSession(scenario: string, persona: string): PersonaSession {
  return { scenario, persona, signIn: errored("cancelled", "the run was interrupted before sign-in") };
}


export type { Task };

/** A one-line look at an observation as it happens (before CloudTrail), for live consoles. */
function liveLine(t: Task, out: Outcome): string {
  const v = decideVerdict(t.expectation, out);
  const what = out.kind === "allowed" ? `allowed${out.observation.columns ? ` (${out.observation.columns.length} columns${out.observation.rowCount !== undefined ? `, ${out.observation.rowCount} rows` : ""})` : out.observation.grantedScope ? ` (${out.observation.grantedScope})` : ""}` : out.kind === "denied" ? `denied by ${out.layer} (${out.code})` : `error (${out.errorKind})`;
  return `${what} → ${v.verdict === "pass" ? "as expected" : v.reasons[0]}`;
}

