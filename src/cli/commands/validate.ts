// `validate` and `list`: scenario checks without touching AWS.
import { buildPlan } from "../../core/plan.js";
import { formatDiagnostic, sortDiagnostics } from "../../scenario/diagnostics.js";
import type { Screen } from "../../reporters/screen.js";
import { loadEnv } from "../env.js";
import { loadScenarios } from "../load-scenarios.js";

/** Variables the sandbox provides; validation should not flag them when no .env is present. */
const SANDBOX_PLACEHOLDERS = /^(AWS_REGION|TIP_[A-Z0-9_]+)$/;

export function envForValidation(cwd: string, base: NodeJS.ProcessEnv, mode?: "sandbox" | "aws") {
  const env = loadEnv(cwd, base);
  if (mode === "aws") return env;
  if (env.TIP_TARGET === "aws") return env;
  // Against the sandbox, its identifiers arrive at run time; validate with stand-ins of the right shape.
  return new Proxy(env, { get: (t, k: string) => t[k] ?? (SANDBOX_PLACEHOLDERS.test(k) ? placeholder(k) : undefined) });
}

function placeholder(k: string): string {
  if (k === "AWS_REGION") return "us-east-1";
  if (k.endsWith("ACCOUNT_ID")) return "111122223333";
  if (k.includes("APPLICATION_ARN")) return "arn:aws:sso::111122223333:application/ssoins-0000000000000000/apl-0000000000000000";
  if (k.includes("ROLE_ARN")) return "arn:aws:iam::111122223333:role/placeholder";
  if (k.includes("URL") || k.includes("ISSUER")) return "http://127.0.0.1:1/placeholder";
  return "${" + k + "}";
}

export function validateCommand(paths: string[], screen: Screen, cwd = process.cwd(), base = process.env): number {
  const loaded = loadScenarios(paths, envForValidation(cwd, base), cwd);
  const ds = sortDiagnostics(loaded.diagnostics);
  for (const d of ds) screen.write(`${formatDiagnostic(d)}${d.severity === "warning" ? " (warning)" : ""}\n`);
  const errors = ds.filter((d) => d.severity === "error").length;
  if (errors) { screen.write(`${errors} problem(s) found.\n`); return 2; }
  const checks = buildPlan(loaded.scenarios).length;
  screen.write(`${loaded.scenarios.length} scenario file(s) valid: ${checks} persona × check results planned.\n`);
  return 0;
}

export function listCommand(paths: string[], screen: Screen, cwd = process.cwd(), base = process.env): number {
  const loaded = loadScenarios(paths, envForValidation(cwd, base), cwd);
  const ds = sortDiagnostics(loaded.diagnostics).filter((d) => d.severity === "error");
  if (ds.length) { for (const d of ds) screen.write(`${formatDiagnostic(d)}\n`); return 2; }
  for (const t of buildPlan(loaded.scenarios)) {
    const exp = t.expectation.outcome === "denied" ? `expect denied${t.expectation.layer ? ` by ${t.expectation.layer}` : ""}` : "expect allowed";
    screen.write(`${t.scenario.padEnd(20)} ${t.persona.padEnd(10)} ${t.check.padEnd(30)} ${exp}\n`);
  }
  return 0;
}
