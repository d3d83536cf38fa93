// tip-proof's public entry: run scenarios from code (a test suite, a benchmark, another tool) through
// the same library the CLI uses. Everything else under src/ is internal and may change.

/**
 * Resolves a run's configuration from the caller's settings, the environment and the scenarios, with
 * one precedence for every key: flag (option), then environment, then scenario, then default.
 * Throws {@link ConfigError} (exit 2 in the CLI) for a bad value.
 */
export { resolveRunConfig, runConfigSchema, RUN_CONFIG_KEYS } from "./config/run-config.js";
/** A resolved run configuration (see {@link resolveRunConfig}); the settings a caller gives ({@link RunFlags}). */
export type { RunConfig, RunFlags, RunConfigInput } from "./config/run-config.js";
/** Reads `.env` in a folder under a given environment (the given values win). */
export { loadEnv, type Env } from "./config/env.js";
/**
 * Runs a resolved configuration: signs each persona in, runs its checks, confirms them in CloudTrail,
 * writes the reports. Never touches the process: interruption comes through `io.signal`.
 */
export { runTipProof } from "./app/run.js";
/** {@link resolveRunConfig} then {@link runTipProof}: the CLI's `run` as a function. */
export { runFromOptions } from "./app/run.js";
/** What a run returns: the report, where it was written, counters, reporter failures and the exit code. */
export type { RunIo, RunOutcome, RunPlace, RunStats } from "./app/run.js";
/**
 * Errors with stable codes: configuration ({@link ConfigError}, its codes in {@link CONFIG_ERRORS}) and
 * invalid scenarios ({@link ScenarioValidationError}, with every diagnostic).
 */
export {
  CONFIG_ERRORS,
  ConfigError,
  HarnessError,
  ScenarioValidationError,
  type ConfigErrorCode,
} from "./config/errors.js";
/** The report model every reporter renders (report.json's shape). */
export type { CheckResult, RunReport } from "./model/report.js";
/** The reporter contract (optional hooks fed by the report model). */
export type { Reporter } from "./model/reporter.js";
/** Where console output goes (a terminal, a string buffer in tests). */
export type { Screen } from "./reporters/screen.js";
/** Exit code of a run whose reports could not all be written. */
export { EXIT_REPORT_WRITE } from "./reporters/multiplexer.js";
/** The persona × check tests scenarios plan, without running them (what `tip-proof list` shows). */
export { planSuite, type PlannedTest, type SuitePlan } from "./app/plan.js";
