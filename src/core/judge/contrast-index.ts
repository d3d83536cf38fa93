// Contrast: what the other personas of the run showed to work. A refusal that a misconfiguration
// could explain (a wrong workgroup, a misspelt target, a KMS key policy that refuses everybody) counts
// as a denial only when the same path worked for somebody else in this run. Built from what adapters
// observed, before any judgement.
import type { Observed } from "../../model/outcome.js";
import type { ActionSpec, Task } from "../plan.js";
import { normalizeScope } from "./expectation.js";

export interface ObservedTask {
  task: Task;
  outcome: Observed;
  queryStarted: boolean;
}
export interface ObservedSignIn {
  scenario: string;
  outcome: Observed;
}

type Athena = Extract<ActionSpec, { type: "athena" }>;
type Grants = Extract<ActionSpec, { type: "accessGrants" }>;

export class ContrastIndex {
  private readonly startedWorkgroups = new Set<string>();
  /** scenario/persona/workgroup of every query that succeeded. */
  private readonly succeededFor = new Set<string>();
  private readonly tablesRead = new Set<string>();
  private readonly columnsSeen = new Map<string, Set<string>>();
  private readonly targetsGranted = new Set<string>();
  private readonly targetsGrantedExactly = new Set<string>();
  /**
   * Scopes granted to directory identities (what the vended credentials carry), per scenario and
   * account, each with the longest session it was vended for.
   */
  private readonly directoryGrants = new Map<string, Map<string, number>>();
  private readonly signedIn = new Set<string>();
  private readonly pastSts = new Set<string>();

  constructor(tasks: ObservedTask[] = [], signIns: ObservedSignIn[] = []) {
    for (const s of signIns) {
      if (s.outcome.kind === "allowed") {
        this.signedIn.add(s.scenario);
        this.pastSts.add(s.scenario);
      }
      // Refused by STS means Identity Center already let this persona through.
      if (s.outcome.kind === "refused" && s.outcome.facts.stage === "assume-role") this.signedIn.add(s.scenario);
    }
    for (const r of tasks) this.observe(r);
  }

  /** One more observation: the live progress line keeps one index and adds to it (rebuilding it per check was quadratic). */
  observe(r: ObservedTask): void {
    const a = r.task.action,
      sc = r.task.scenario;
    if (a.type === "athena") {
      if (r.queryStarted) this.startedWorkgroups.add(`${sc}/${a.workgroup}`);
      if (r.outcome.kind !== "allowed") return;
      this.succeededFor.add(`${sc}/${r.task.persona}/${a.workgroup}`);
      if (a.table && !a.raw) this.tablesRead.add(tableKey(sc, a, a.table));
      const key = `${sc}/${r.task.check}`;
      const set = this.columnsSeen.get(key) ?? new Set<string>();
      for (const c of r.outcome.observation.columns ?? []) set.add(c.toLowerCase());
      this.columnsSeen.set(key, set);
    } else if (a.type === "accessGrants" && r.outcome.kind === "allowed") {
      this.targetsGranted.add(`${sc}/${a.accountId}/${a.target}`);
      // Granted by a grant of exactly this scope (not a broader one that covers any string below it).
      // Only a Default request says so: with Minimal, MatchedGrantTarget is the requested target itself
      // ("the same as the requested target scope", GetDataAccess API), whatever grant covered it, so a
      // misspelt target below a broad grant would look exact (fresh-eyes review s21, F1).
      if (a.privilege === "Default" && normalizeScope(r.outcome.observation.grantedScope) === normalizeScope(a.target))
        this.targetsGrantedExactly.add(`${sc}/${a.accountId}/${a.target}`);
      const o = r.outcome.observation;
      // A directory grantee's grant went through its location's role with sts:SetContext; an IAM grant
      // (sts:SetSourceIdentity) says nothing about that.
      if (o.grantedScope && o.granteeType?.startsWith("DIRECTORY_")) {
        const key = `${sc}/${a.accountId}`;
        // A map: the run's grants repeat a few scopes thousands of times, and the judge walks them per refusal.
        const scopes = this.directoryGrants.get(key) ?? this.directoryGrants.set(key, new Map()).get(key)!;
        const seconds = sessionSeconds(a);
        if ((scopes.get(o.grantedScope) ?? 0) < seconds) scopes.set(o.grantedScope, seconds);
      }
    }
  }

  signInWorked(scenario: string): boolean {
    return this.signedIn.has(scenario);
  }
  stsWorked(scenario: string): boolean {
    return this.pastSts.has(scenario);
  }
  queryStartedIn(scenario: string, workgroup: string): boolean {
    return this.startedWorkgroups.has(`${scenario}/${workgroup}`);
  }
  /** A query of this persona's succeeded through the workgroup: its own path, results write included, works. */
  querySucceededFor(scenario: string, persona: string, workgroup: string): boolean {
    return this.succeededFor.has(`${scenario}/${persona}/${workgroup}`);
  }
  tableReadBySomeone(scenario: string, a: Athena, table: string): boolean {
    return this.tablesRead.has(tableKey(scenario, a, table));
  }
  columnSeenInCheck(scenario: string, check: string, column: string): boolean {
    return !!this.columnsSeen.get(`${scenario}/${check}`)?.has(column.toLowerCase());
  }
  targetGranted(scenario: string, a: Grants): boolean {
    return this.targetsGranted.has(`${scenario}/${a.accountId}/${a.target}`);
  }
  /** Another persona was granted this target by a grant whose scope is exactly the target: a real grant, not a typo. */
  targetGrantedExactly(scenario: string, a: Grants): boolean {
    return this.targetsGrantedExactly.has(`${scenario}/${a.accountId}/${a.target}`);
  }
  /**
   * The scopes granted to a persona's directory identity through this account's instance in this run,
   * each with the longest session (seconds) it was vended for.
   */
  directoryGrantedScopes(scenario: string, a: Grants): ReadonlyMap<string, number> {
    return this.directoryGrants.get(`${scenario}/${a.accountId}`) ?? new Map();
  }
}

/** GetDataAccess's session length: durationSeconds, or the service's default of one hour. */
export function sessionSeconds(a: Grants): number {
  return a.durationSeconds ?? 3600;
}

function tableKey(scenario: string, a: Athena, table: string): string {
  return `${scenario}/${a.workgroup}/${a.catalog}/${a.database}.${table}`.toLowerCase();
}
