// Scenarios for a run: parsed once, against the environment the run will really have, then checked for
// what makes a run meaningless or unsafe (nothing to run, mixed targets, an account not on the
// allow-list). Also the stand-in environment for `validate`, `list` and the vitest plan, which never
// start a sandbox.
import { checkAllowList, allowListFrom } from "../config/allow-list.js";
import type { Env } from "../config/env.js";
import { ConfigError, ScenarioValidationError } from "../config/errors.js";
import type { TargetKind } from "../config/target.js";
import { buildPlan } from "../core/plan.js";
import type { Screen } from "../reporters/screen.js";
import { formatDiagnostic, sortDiagnostics } from "../scenario/diagnostics.js";
import type { ValidScenario } from "../scenario/parse.js";
import { loadScenarios, type LoadedScenarios } from "./load-scenarios.js";

/** Variables the sandbox provides; validation should not flag them when no .env is present. */
const SANDBOX_PLACEHOLDERS = /^(AWS_REGION|TIP_[A-Z0-9_]+)$/;

/**
 * The environment `validate` checks scenarios against. Against the sandbox, its identifiers exist only
 * once it runs, so they get stand-ins of the right shape (no plan depends on their values).
 */
export function validationEnv(env: Env, target: TargetKind): Env {
  if (target === "aws") return env;
  return new Proxy(env, { get: (t, k: string) => t[k] ?? (SANDBOX_PLACEHOLDERS.test(k) ? placeholder(k) : undefined) });
}

function placeholder(k: string): string {
  if (k === "AWS_REGION") return "us-east-1";
  if (k.endsWith("ACCOUNT_ID")) return "111122223333";
  if (k.includes("APPLICATION_ARN"))
    return "arn:aws:sso::111122223333:application/ssoins-0000000000000000/apl-0000000000000000";
  if (k.includes("ROLE_ARN")) return "arn:aws:iam::111122223333:role/placeholder";
  if (k.includes("URL") || k.includes("ISSUER")) return "http://127.0.0.1:1/placeholder";
  return "${" + k + "}";
}

export const formatProblem = (d: LoadedScenarios["diagnostics"][number]) =>
  `${formatDiagnostic(d)}${d.severity === "warning" ? " (warning)" : ""}`;

/** Parses the run's scenarios; prints every problem (warnings too) and throws if any is an error. */
export function loadRunScenarios(paths: string[], env: Env, cwd: string, screen: Screen): LoadedScenarios {
  const loaded = loadScenarios(paths, env, cwd);
  const problems = sortDiagnostics(loaded.diagnostics);
  for (const d of problems) screen.write(`${formatProblem(d)}\n`);
  if (problems.some((d) => d.severity === "error")) throw new ScenarioValidationError(problems);
  return loaded;
}

/** What a run needs of its scenarios besides validity; throws the CFG error that says what to change. */
export function checkRunnable(
  scenarios: ValidScenario[],
  o: { target: TargetKind; env: Env; personas?: string[] },
): void {
  if (!scenarios.length) throw new ConfigError("CFG_NO_SCENARIOS", "no scenarios to run.");
  if (o.personas) {
    const known = new Set(scenarios.flatMap((s) => Object.keys(s.personas)));
    const unknown = o.personas.filter((n) => !known.has(n));
    if (unknown.length)
      throw new ConfigError(
        "CFG_PERSONA",
        `--persona ${unknown.join(", ")}: not defined in the scenarios (defined: ${[...known].join(", ")}).`,
      );
  }
  if (buildPlan(scenarios, { personas: o.personas }).length === 0)
    throw new ConfigError(
      "CFG_NO_CHECKS",
      "the scenarios plan no persona × check at all; a run that checks nothing proves nothing. Add checks or a matrix.",
    );
  const first = scenarios[0].target;
  for (const s of scenarios)
    if (s.target.region !== first.region || s.target.accountId !== first.accountId)
      throw new ConfigError(
        "CFG_MIXED_TARGETS",
        `${s.file}: every scenario of one run must target the same account and region (${first.accountId}/${first.region}); run them separately.`,
      );
  if (o.target === "aws") checkAllowList(scenarios, allowListFrom(o.env));
}

/**
 * Browser sign-in for every persona (pilot): the scenarios as the run sees them, each persona's token
 * source replaced by the IdP's browser flow (login hint = its username). The validated scenarios are
 * left as they are.
 */
export function withBrowserSignIn(
  scenarios: ValidScenario[],
  idp: { issuer: string; clientId: string },
): ValidScenario[] {
  return scenarios.map((s) => ({
    ...s,
    tokens: Object.fromEntries(
      Object.entries(s.tokens).map(([p, t]) => {
        const hint = "username" in t ? t.username : undefined;
        return [
          p,
          {
            type: "browser" as const,
            issuer: idp.issuer,
            clientId: idp.clientId,
            scope: "openid email profile",
            tokenField: "id_token" as const,
            ...(hint ? { loginHint: hint } : {}),
          },
        ];
      }),
    ),
  }));
}
