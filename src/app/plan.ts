// Which persona × check tests a run would have, computed synchronously without running anything, from
// the same scenario loader and planner the runner uses (the vitest adapter declares its tests with it
// at collection time, before any hook runs).
import { loadScenarios } from "./load-scenarios.js";
import { validationEnv } from "./scenarios.js";
import { loadEnv, type Env } from "../config/env.js";
import { buildPlan } from "../core/plan.js";
import { formatDiagnostic } from "../scenario/diagnostics.js";

export interface PlannedTest {
  id: string;
  scenario: string;
  persona: string;
  check: string;
  file: string;
}
export interface SuitePlan {
  tests: PlannedTest[];
  problems: string[];
}

export function planSuite(o: { paths: string[]; target: "sandbox" | "aws"; cwd: string; env: Env }): SuitePlan {
  // Against the sandbox its identifiers exist only once it runs; `validate`'s stand-ins have the right
  // shape, and no plan depends on their values.
  const loaded = loadScenarios(o.paths, validationEnv(loadEnv(o.cwd, o.env), o.target), o.cwd);
  const problems = loaded.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
  const files = new Map(loaded.scenarios.map((s) => [s.name, s.file]));
  const tests = buildPlan(loaded.scenarios).map((t) => ({
    id: t.id,
    scenario: t.scenario,
    persona: t.persona,
    check: t.check,
    file: files.get(t.scenario) ?? "",
  }));
  return { tests, problems };
}
