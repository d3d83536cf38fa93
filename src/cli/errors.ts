// Typed errors with stable codes and the fix in the message (Vitest errors.ts / ky HTTPError style).
// User-input and configuration errors exit 2 and never print a stack trace.
import type { Diagnostic } from "../scenario/diagnostics.js";

export class HarnessError extends Error {
  override name = "HarnessError";
  constructor(readonly code: string, message: string, readonly exitCode: number, options?: { cause?: unknown }) { super(message, options); }
}

export class ScenarioValidationError extends HarnessError {
  override name = "ScenarioValidationError";
  constructor(readonly diagnostics: Diagnostic[]) { super("SCENARIO_INVALID", `${diagnostics.filter((d) => d.severity === "error").length} problem(s) in scenario files`, 2); }
}

export class ConfigError extends HarnessError {
  override name = "ConfigError";
  constructor(code: string, message: string) { super(code, message, 2); }
}
