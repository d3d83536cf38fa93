// The orchestrator: plan → proofs → sessions → actions → CloudTrail evidence → facts → judge → report
// model. It talks to the world only through the ports it is given, so the same code runs against the
// sandbox, a real account, or test doubles. Every decision is core/judge's, made over the run's facts
// (core/verdicts.ts), the same way `report merge` judges the facts of several shards.
import type { PersonaFacts, RunFacts } from "../model/facts-blob.js";
import { FACTS_VERSION } from "../model/facts-blob.js";
import { errored, type Observed, type Outcome } from "../model/outcome.js";
import type { GrantsHeldProof, PersonaReport, ReportTarget, RunProofs, RunReport } from "../model/report.js";
import type { Reporter } from "../model/reporter.js";
import type { ValidScenario } from "../scenario/parse.js";
import { evidenceRequestFor, toLookup, type EvidenceRequest } from "./evidence.js";
import { planDigest } from "./merge-facts.js";
import { laneLimiter, limiter } from "./limit.js";
import { buildPlan, plannedPersonas, type Task } from "./plan.js";
import type {
  ActionResult,
  ActionRunner,
  AuditSource,
  DirectoryReader,
  DirectoryState,
  EvidenceMatch,
  PersonaSession,
  ProofReader,
  SessionProvider,
} from "./ports.js";
import { ContrastIndex, ProofIndex, matchExpectation, type JudgeContext } from "./judge/index.js";
import { describeCatalogProof, gatherHeldGrants, gatherProofs, sortHeld } from "./proofs.js";
import { checkDirectoryAssertions, describeDirectoryProof } from "./directory-assert.js";
import { selectShard, type ShardSpec } from "./shard.js";
import { judgeOne, judgePersonas, judgeRun, personaKey } from "./verdicts.js";

export interface RunOptions {
  runId: string;
  scenarios: ValidScenario[];
  scenarioFiles: { file: string; name: string; sha256: string; targetSha256?: string }[];
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
  /**
   * Applied to the judged report before any result is reported (the exception register and ownership,
   * src/exceptions): a waived failure is shown waived from its first line on. Never changes a verdict.
   */
  annotate?: (report: RunReport) => RunReport;
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
  /** Run only this shard's personas, each with all its checks (core/shard.ts). @default the whole plan */
  shard?: ShardSpec;
}

export async function runScenarios(o: RunOptions): Promise<RunReport> {
  return (await runWithFacts(o)).report;
}

/**
 * The run, and the facts its verdicts were judged from (written as facts.json by a shard, so
 * `report merge` can judge the union of several shards' facts with the same judge).
 */
export async function runWithFacts(o: RunOptions): Promise<{ report: RunReport; facts: RunFacts }> {
  const now = o.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const plan = buildPlan(o.scenarios, { personas: o.personas });
  const allPersonas = o.scenarios.flatMap((s) =>
    plannedPersonas(s, { personas: o.personas }).map((p) => ({ s, scenario: s.name, persona: p })),
  );
  // A shard runs its personas with all their checks; the split depends on the scenarios alone.
  const mine = o.shard
    ? selectShard(allPersonas, plan, o.shard)
    : { personas: allPersonas, tasks: plan.map((task, planIndex) => ({ task, planIndex })) };
  const tasks = mine.tasks.map((x) => x.task);
  const personaKeys = mine.personas.map(({ s, persona }) => ({ s, p: persona }));
  await o.reporter.onBegin?.({
    runId: o.runId,
    target: o.target,
    taskCount: tasks.length,
    personas: personaKeys.map((k) => k.p),
    scenarios: o.scenarios.map((s) => s.name),
  });

  // 1. Proofs (base principal) and persona state (directory, sign-in), before any check runs.
  const proofsReady = gatherProofs(o.signal.aborted ? undefined : o.proofs, o.scenarios, tasks);
  const directoryReady = checkDirectoryAssertions(o.signal.aborted ? undefined : o.directory, o.scenarios);
  const personaLimit = limiter(o.concurrency.personas);
  const sessions = new Map<string, PersonaSession>();
  const personaFacts = new Map<string, PersonaFacts>();
  // Each persona's own grants, where its checks ask S3 Access Grants: a refusal is the grants' decision
  // only where none of them covers the target.
  const grantAccounts = new Map<string, Set<string>>();
  for (const t of tasks)
    if (t.action.type === "accessGrants") {
      const k = personaKey(t.scenario, t.persona);
      (grantAccounts.get(k) ?? grantAccounts.set(k, new Set()).get(k)!).add(t.action.accountId);
    }
  const held: GrantsHeldProof[] = [];
  await Promise.all(
    personaKeys.map(({ s, p }) =>
      personaLimit(async () => {
        const { report, session, directory } = await openPersona(o, s, p);
        const accounts = grantAccounts.get(personaKey(s.name, p));
        if (accounts)
          held.push(
            ...(await gatherHeldGrants(
              o.signal.aborted ? undefined : o.proofs,
              { scenario: s.name, persona: p },
              [...accounts],
              directory,
            )),
          );
        sessions.set(personaKey(s.name, p), session);
        personaFacts.set(personaKey(s.name, p), {
          report,
          signIn: session.signIn,
          ...(session.signInCorrelation ? { signInSpan: span(session.signInCorrelation) } : {}),
          ...(session.userId ? { userId: session.userId } : {}),
        });
      }),
    ),
  );
  const directoryProofs = await directoryReady;
  const proofs: RunProofs = {
    ...(await proofsReady),
    ...(held.length ? { accessGrantsHeld: sortHeld(held) } : {}),
    ...(directoryProofs.length ? { directory: directoryProofs } : {}),
  };
  const proofIndex = new ProofIndex(proofs);
  // In the order the scenarios declare them, not the order sign-ins happened to finish.
  const orderedFacts = personaKeys.map(({ s, p }) => personaFacts.get(personaKey(s.name, p))!);
  const { reports: personaReports, signIn: judgedSignIn, signIns } = judgePersonas(orderedFacts, proofIndex);
  for (const r of personaReports) await o.reporter.onPersona?.(r);
  for (const p of proofs.catalog) {
    const line = describeCatalogProof(p);
    if (line) o.reporter.onProgress?.(line);
  }
  for (const p of directoryProofs) {
    const line = describeDirectoryProof(p);
    if (line) o.reporter.onProgress?.(line);
  }

  // 2. Actions, concurrently within limits; each finished action hands its evidence request to the
  //    CloudTrail session at once, so waiting for CloudTrail overlaps with the remaining checks.
  const requestOf = new Map<string, EvidenceRequest>();
  const audit =
    o.audit && !o.signal.aborted
      ? o.audit.begin({
          settleMs: o.cloudtrail.settleMs,
          signal: o.signal,
          onProgress: (f, n) => o.reporter.onProgress?.(`CloudTrail: ${f}/${n} records confirmed`),
        })
      : undefined;
  const personaReportOf = new Map(personaReports.map((p) => [personaKey(p.scenario, p.name), p]));
  const personaOf = (t: Task) => personaReportOf.get(personaKey(t.scenario, t.persona));
  const collect = (t: Task, session: PersonaSession, result: ActionResult) => {
    if (!t.cloudtrail || result.outcome.kind === "error") return;
    const signedIn = session.signIn.kind === "allowed";
    const action = signedIn ? t.action : { type: "signin" as const };
    // A refused sign-in's record must name the persona's directory user wherever AWS records one (D6).
    const userId = signedIn ? session.userId : personaOf(t)?.identityCenterUserId;
    const req = evidenceRequestFor(
      t.id,
      action,
      result.outcome,
      result.correlation,
      userId,
      result.apiRefused,
      !signedIn,
    );
    requestOf.set(t.id, req);
    audit?.add(req);
  };
  // What the checks so far showed to work, for the live line (the verdicts are judged at the end, from all of it).
  const liveContrast = new ContrastIndex([], signIns);
  const checkLimit = laneLimiter(
    o.concurrency.checks,
    new Map(Object.entries(o.concurrency.perAction ?? {}) as [string, number][]),
  );
  // Executed persona by persona (each persona's checks in plan order; verdicts and reports keep plan
  // order): a persona's session is then in use for a short stretch of the run, so the runner can let
  // its clients go when its last check ends, and its CloudTrail records are delivered, and looked up by
  // its key, together.
  const byPersona = new Map<string, typeof mine.tasks>();
  for (const x of mine.tasks) {
    const k = personaKey(x.task.scenario, x.task.persona);
    (byPersona.get(k) ?? byPersona.set(k, []).get(k)!).push(x);
  }
  const left = new Map([...byPersona].map(([k, xs]) => [k, xs.length]));
  const order = [...byPersona.values()].flat();
  const executedInOrder = await Promise.all(
    order.map(({ task: t, planIndex }) =>
      checkLimit(t.action.type, async (releaseLane) => {
        const key = personaKey(t.scenario, t.persona);
        const session = sessions.get(key)!;
        const started = now();
        let result: ActionResult;
        if (o.signal.aborted)
          result = {
            outcome: errored("cancelled", "the run was interrupted before this check ran"),
            correlation: { startedAt: started, finishedAt: started },
            retries: 0,
            apiRefused: false,
          };
        else if (judgedSignIn.get(key)!.kind !== "allowed" || t.action.type === "signin") {
          result = {
            outcome: session.signIn,
            correlation: session.signInCorrelation ?? { startedAt: started, finishedAt: started },
            retries: 0,
            apiRefused: session.signInApiRefused ?? false,
          };
        } else result = await o.actions.run(session, t, o.signal, { capacityFreed: releaseLane });
        liveContrast.observe({ task: t, outcome: result.outcome, queryStarted: !!result.correlation.queryExecutionId });
        if (result.outcome.kind === "error" && result.outcome.errorKind === "cancelled")
          o.reporter.onProgress?.(`${t.id}: cancelled`);
        else
          o.reporter.onProgress?.(
            `observed ${t.persona} × ${t.check}: ${liveLine(t, result.outcome, { proofs: proofIndex, contrast: liveContrast }, judgedSignIn)}`,
          );
        collect(t, session, result);
        const remaining = left.get(key)! - 1;
        left.set(key, remaining);
        if (remaining === 0) o.actions.release?.(session);
        return { task: t, planIndex, result, started };
      }),
    ),
  );
  const executed = executedInOrder.sort((a, b) => a.planIndex - b.planIndex);

  // 3. CloudTrail evidence: the deadline counts from the last check, so the last record gets it all.
  const evidence: Map<string, EvidenceMatch> = audit
    ? await audit.finish({ deadlineMs: o.signal.aborted ? 0 : o.cloudtrail.deadlineMs })
    : new Map();

  // 4. The judge: every observation with the run's proofs and the other personas' contrast (core/verdicts.ts).
  const facts: RunFacts = {
    factsVersion: FACTS_VERSION,
    runId: o.runId,
    startedAt,
    finishedAt: new Date(now()).toISOString(),
    tool: o.tool,
    target: o.target,
    ...(o.basePrincipalArn ? { basePrincipalArn: o.basePrincipalArn } : {}),
    scenarios: o.scenarioFiles,
    shard: o.shard ?? { index: 1, total: 1 },
    plan: { tasks: plan.length, digest: planDigest(plan.map((t) => t.id)) },
    ...(o.signal.aborted ? { interrupted: true } : {}),
    proofs,
    personas: orderedFacts,
    checks: executed.map((e) => {
      const ev = evidence.get(e.task.id),
        req = requestOf.get(e.task.id);
      return {
        planIndex: e.planIndex,
        task: e.task,
        observed: e.result.outcome,
        startedAt: e.started,
        span: span(e.result.correlation),
        queryStarted: !!e.result.correlation.queryExecutionId,
        retries: e.result.retries,
        ...(ev ? { evidence: ev } : {}),
        ...(req ? { lookup: toLookup(req) } : {}),
      };
    }),
  };
  const judged = judgeRun(facts);
  const report = o.annotate ? o.annotate(judged) : judged;
  for (const r of report.results) await o.reporter.onResult?.(r);
  return { report, facts };
}

/** A call's start and end, without the session identifiers a correlation also carries. */
function span(c: { startedAt: number; finishedAt: number }): { startedAt: number; finishedAt: number } {
  return { startedAt: c.startedAt, finishedAt: c.finishedAt };
}

/** Directory state and sign-in of one persona, with typed drift, identity mismatch and directory errors. */
async function openPersona(
  o: RunOptions,
  s: ValidScenario,
  p: string,
): Promise<{ report: PersonaReport; session: PersonaSession; directory?: DirectoryState }> {
  const spec = s.personas[p];
  const report: PersonaReport = {
    name: p,
    scenario: s.name,
    class: spec.class,
    expectedGroups: spec.groups,
    signIn: "error",
  };
  let directory: DirectoryState | undefined;
  if (!o.directory || !s.target.identityCenter.identityStoreId) {
    report.directoryError =
      "the scenario names no identity store (target.identityCenter.identityStoreId), so the signed-in user cannot be proven to be this persona";
  } else {
    const d = await o.directory.read(s, p);
    directory = d;
    if (d.error) report.directoryError = `the directory could not be read: ${d.error}`;
    else if (d.userId !== undefined) {
      report.resolvedGroups = d.groups;
      report.identityCenterUserId = d.userId;
      const want = [...spec.groups].sort(),
        got = [...(d.groups ?? [])].sort();
      if (want.join("\n") !== got.join("\n")) {
        report.drift = { expected: want, actual: got };
        report.note = `DIRECTORY DRIFT: expected groups [${want.join(", ")}], Identity Center has [${got.join(", ")}]`;
      }
    }
  }
  if (report.directoryError)
    report.note = [report.note, `identity unproven: ${report.directoryError}`].filter(Boolean).join("; ");
  let session = o.signal.aborted ? cancelledSession(s.name, p) : await o.sessions.open(s, p, o.signal);
  // The token must have signed in the very user the directory says this persona is: a token source
  // pointing at another test user would otherwise run (and pass) every check as someone else, or pass
  // an AssumeRole refusal of someone else. (A refused sign-in names no user: the judge compares whom
  // the token presented maps to, core/judge/refusal.ts.)
  if (
    session.signIn.kind !== "error" &&
    report.identityCenterUserId &&
    session.userId &&
    session.userId !== report.identityCenterUserId
  ) {
    report.identityMismatch = { signedIn: session.userId, directory: report.identityCenterUserId };
    session = {
      ...session,
      signIn: errored(
        "invalid-request",
        `the token signed in Identity Center user ${session.userId}, but persona "${p}" is ${report.identityCenterUserId} in the directory: fix the persona's token source`,
        "IDENTITY_MISMATCH",
      ),
    };
    report.note = [
      report.note,
      `IDENTITY MISMATCH: signed in as ${session.userId}, directory says ${report.identityCenterUserId}`,
    ]
      .filter(Boolean)
      .join("; ");
  }
  if (session.userId && !report.identityMismatch) report.identityCenterUserId ??= session.userId;
  return { report, session, directory };
}

function cancelledSession(scenario: string, persona: string): PersonaSession {
  return { scenario, persona, signIn: errored("cancelled", "the run was interrupted before sign-in") };
}

export type { Task };

/** A one-line look at an observation as it happens (before CloudTrail), judged with what the run knows so far. */
function liveLine(t: Task, observed: Observed, ctx: JudgeContext, signIns: Map<string, Outcome>): string {
  const out = judgeOne(t, observed, ctx, signIns);
  const v = matchExpectation(t, out, ctx.proofs);
  const what =
    out.kind === "allowed"
      ? `allowed${out.observation.columns ? ` (${out.observation.columns.length} columns${out.observation.rowCount !== undefined ? `, ${out.observation.rowCount} rows` : ""})` : out.observation.grantedScope ? ` (${out.observation.grantedScope})` : ""}`
      : out.kind === "denied"
        ? `denied by ${out.layer} (${out.code})`
        : `error (${out.errorKind})`;
  const then =
    v.verdict === "pass"
      ? "as expected"
      : out.kind === "error" && out.errorKind === "ambiguous-denial"
        ? "not yet proven (needs another persona's contrast)"
        : v.reasons[0];
  return `${what} → ${then}`;
}
