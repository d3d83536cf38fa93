// Counting and the exit code, in one place so every output agrees.
import type { CheckResult, PersonaReport, RunSummary } from "../model/report.js";

/** Documented exit codes (README "Exit codes"). */
export const EXIT = { ok: 0, failed: 1, invalidInput: 2, pending: 3, interrupted: 130, internal: 70 } as const;

export function summarize(results: CheckResult[], personas: PersonaReport[], interrupted: boolean): RunSummary {
  const count = (v: CheckResult["verdict"]) => results.filter((r) => r.verdict === v).length;
  const failed = count("fail"), errors = count("error"), pending = count("pending");
  // A drifted directory, or one that could not be read when the scenario names an identity store,
  // leaves the run's premise unproven: exit 1 even if every check held.
  const drift = personas.some((p) => p.note?.startsWith("DIRECTORY DRIFT") || p.note?.startsWith("directory check failed"));
  const exitCode = interrupted ? EXIT.interrupted : failed || errors || drift ? EXIT.failed : pending ? EXIT.pending : EXIT.ok;
  return { total: results.length, passed: count("pass"), failed, errors, pending, unexpectedAllows: results.filter((r) => r.unexpectedAllow).length, exitCode };
}
