// Contrast: some denials look exactly like misconfigurations (a workgroup or prefix typo, a column that
// does not exist). Such a denial counts only if the same thing was shown to work for another persona in
// this run; otherwise it becomes an `error` (ambiguous-denial), never a pass. Pure.
import { errored, type Outcome } from "../model/outcome.js";
import type { ValidScenario } from "../scenario/parse.js";
import type { Task } from "./plan.js";
import type { PersonaSession } from "./ports.js";

export interface Executed { task: Task; outcome: Outcome; queryStarted: boolean }

export function applyContrast(runs: Executed[]): void {
  const startedWorkgroups = new Set(runs.filter((r) => r.queryStarted && r.task.action.type === "athena").map((r) => `${r.task.scenario}/${(r.task.action as { workgroup: string }).workgroup}`));
  const grantedTargets = new Set(runs.filter((r) => r.task.action.type === "accessGrants" && r.outcome.kind === "allowed").map((r) => `${r.task.scenario}/${(r.task.action as { target: string }).target}`));
  const seenColumns = new Map<string, Set<string>>();
  for (const r of runs) if (r.outcome.kind === "allowed" && r.outcome.observation.columns) {
    const key = `${r.task.scenario}/${r.task.check}`;
    const set = seenColumns.get(key) ?? new Set<string>();
    for (const c of r.outcome.observation.columns) set.add(c.toLowerCase());
    seenColumns.set(key, set);
  }
  for (const r of runs) {
    const o = r.outcome;
    if (o.kind !== "denied" || !o.needs) continue;
    const n = o.needs;
    let proven = true, why = "";
    if ("athenaWorkgroup" in n) {
      proven = startedWorkgroups.has(`${r.task.scenario}/${n.athenaWorkgroup}`);
      why = `no persona got a query started in workgroup ${n.athenaWorkgroup} in this run, so a wrong workgroup or missing athena permission cannot be ruled out`;
    } else if ("grantTarget" in n) {
      proven = grantedTargets.has(`${r.task.scenario}/${n.grantTarget}`);
      why = `no persona was granted ${n.grantTarget} in this run, so a typo in the target cannot be ruled out (add a persona who must be allowed)`;
    } else {
      proven = !!seenColumns.get(`${r.task.scenario}/${r.task.check}`)?.has(n.column.toLowerCase());
      why = `no other persona of this check saw column '${n.column}', so a typo or missing column cannot be ruled out (declare the table and use athena.table, or add a persona who sees it)`;
    }
    if (!proven) r.outcome = errored("ambiguous-denial", `${o.code} from ${o.layer}, but ${why}. (${o.message})`, o.code);
  }
}

/**
 * A refused sign-in is a denial only if another persona of the same scenario signed in through the
 * same chain in this run: otherwise a wrong application ARN or role (a misconfiguration) would look
 * exactly like a denial, and every "denied" persona would pass falsely.
 */
export function applySignInContrast(scenarios: ValidScenario[], sessions: Map<string, PersonaSession>): void {
  for (const s of scenarios) {
    const own = Object.keys(s.personas).map((p) => sessions.get(`${s.name}/${p}`)!).filter(Boolean);
    for (const layer of ["signin", "sts"] as const) {
      const proven = own.some((x) => x.signIn.kind === "allowed" || (layer === "signin" && x.signIn.kind === "denied" && x.signIn.layer === "sts"));
      for (const x of own) {
        const out: Outcome = x.signIn;
        if (out.kind === "denied" && out.layer === layer && !proven) {
          x.signIn = errored("ambiguous-denial", `${out.code} at ${layer}, but no persona of scenario "${s.name}" got through ${layer} in this run, so a misconfiguration cannot be ruled out (${out.message})`, out.code);
        }
      }
    }
  }
}
