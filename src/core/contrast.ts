// Contrast: some denials look exactly like misconfigurations (a workgroup or prefix typo, a column that
// does not exist). Such a denial counts only if the same thing was shown to work for another persona in
// this run; otherwise it becomes an `error` (ambiguous-denial), never a pass. Pure.
import { errored, type Outcome } from "../model/outcome.js";
import type { Task } from "./plan.js";

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
