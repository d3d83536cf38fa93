// Diagnostics: every problem in a scenario file, each with a stable code, a position and the fix.
// Codes never change meaning; docs/error-codes.md has a section per code.

export const DIAGNOSTIC_CODES = {
  SCN001: "YAML syntax error",
  SCN002: "duplicate key",
  SCN003: "unknown key",
  SCN004: "wrong type or invalid value",
  SCN005: "missing required field",
  SCN006: "undefined variable",
  SCN007: "secret written inline",
  SCN008: "unknown persona",
  SCN009: "duplicate check id",
  SCN010: "persona expected twice in one check",
  SCN011: "check needs exactly one action",
  SCN012: "unknown token source",
  SCN013: "column not declared for the table",
  SCN014: "table not declared",
  SCN015: "too many YAML aliases",
  SCN016: "file too large",
  SCN017: "expectation needs exactly one of allowed / denied",
  SCN018: "expectation does not fit the action",
  SCN019: "unknown matrix resource",
  SCN020: "invalid token source",
  SCN021: "file cannot be read",
  SCN022: "no scenario files found",
  SCN023: "nesting too deep",
  SCN024: "directory assertions without an identity store",
  SCN025: "a predicate value YAML reads as other text",
  // The exception register (docs/exceptions.md): its own file, its own codes.
  EXC001: "exceptions file cannot be read or is not valid YAML",
  EXC002: "unknown key in the exceptions file",
  EXC003: "missing required field of an exception",
  EXC004: "wrong type or invalid value in the exceptions file",
  EXC005: "pattern names no persona of the scenarios",
  EXC006: "pattern names no check of the scenarios",
  EXC007: "duplicate exception id",
  EXC008: "exception needs personas and checks, or a cell",
  EXC009: "unknown scenario in an exception",
} as const;
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export interface Diagnostic {
  code: DiagnosticCode;
  file: string;
  line: number;
  column: number;
  message: string;
  severity: "error" | "warning";
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`;
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}
