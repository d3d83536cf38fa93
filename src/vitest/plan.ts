// Which persona × check tests a suite declares, computed synchronously at collection time (vitest
// declares tests before any hook runs) from the same scenario loader and planner the runner uses.
import { envForValidation } from "../cli/commands/validate.js";
import { loadScenarios } from "../cli/load-scenarios.js";
import { buildPlan } from "../core/plan.js";
import { formatDiagnostic } from "../scenario/diagnostics.js";

export interface PlannedTest { id: string; scenario: string; persona: string; check: string; file: string }
export interface SuitePlan { tests: PlannedTest[]; problems: string[] }

export function planSuite(o: { paths: string[]; target: "sandbox" | "aws"; cwd: string; env: NodeJS.ProcessEnv }): SuitePlan {
  // Against the sandbox its identifiers exist only once it runs; `validate`'s stand-ins have the right
  // shape, and no plan depends on their values.
  const loaded = loadScenarios(o.paths, envForValidation(o.cwd, o.env, o.target), o.cwd);
  const problems = loaded.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
  const files = new Map(loaded.scenarios.map((s) => [s.name, s.file]));
  const tests = buildPlan(loaded.scenarios).map((t) => ({ id: t.id, scenario: t.scenario, persona: t.persona, check: t.check, file: files.get(t.scenario) ?? "" }));
  return { tests, problems };
}
