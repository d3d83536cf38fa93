// `validate` and `list`: scenario checks without touching AWS or starting the sandbox.
import { loadScenarios } from "../../app/load-scenarios.js";
import { validationEnv } from "../../app/scenarios.js";
import { loadEnv } from "../../config/env.js";
import { resolveTarget } from "../../config/target.js";
import { buildPlan } from "../../core/plan.js";
import type { Screen } from "../../reporters/screen.js";
import { formatDiagnostic, sortDiagnostics } from "../../scenario/diagnostics.js";

const load = (paths: string[], cwd: string, base: NodeJS.ProcessEnv) => {
  const env = loadEnv(cwd, base);
  return loadScenarios(paths, validationEnv(env, resolveTarget(undefined, env)), cwd);
};

export function validateCommand(paths: string[], screen: Screen, cwd = process.cwd(), base = process.env): number {
  const loaded = load(paths, cwd, base);
  const ds = sortDiagnostics(loaded.diagnostics);
  for (const d of ds) screen.write(`${formatDiagnostic(d)}${d.severity === "warning" ? " (warning)" : ""}\n`);
  const errors = ds.filter((d) => d.severity === "error").length;
  if (errors) {
    screen.write(`${errors} problem(s) found.\n`);
    return 2;
  }
  const checks = buildPlan(loaded.scenarios).length;
  screen.write(`${loaded.scenarios.length} scenario file(s) valid: ${checks} persona × check results planned.\n`);
  return 0;
}

export function listCommand(paths: string[], screen: Screen, cwd = process.cwd(), base = process.env): number {
  const loaded = load(paths, cwd, base);
  const ds = sortDiagnostics(loaded.diagnostics).filter((d) => d.severity === "error");
  if (ds.length) {
    for (const d of ds) screen.write(`${formatDiagnostic(d)}\n`);
    return 2;
  }
  for (const t of buildPlan(loaded.scenarios)) {
    const exp =
      t.expectation.outcome === "denied"
        ? `expect denied${t.expectation.layer ? ` by ${t.expectation.layer}` : ""}`
        : "expect allowed";
    screen.write(`${t.scenario.padEnd(20)} ${t.persona.padEnd(10)} ${t.check.padEnd(30)} ${exp}\n`);
  }
  return 0;
}
