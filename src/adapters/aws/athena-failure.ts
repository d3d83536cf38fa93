// Athena reports Lake Formation denials as query failures with free text (facts §3.4, §3.8). This is
// the one place that reads those texts. A column Athena "cannot resolve" is a denial only if the
// scenario declares that column: Athena says the same thing for a typo.
import { denied, errored, type DeniedOutcome, type ErrorOutcome } from "../../model/outcome.js";

export interface AthenaFailure { reason: string; errorCategory?: number; errorType?: number }

const COLUMN = /COLUMN_NOT_FOUND: line \d+:\d+: Column '([^']+)' cannot be resolved/;

/**
 * Engine messages quote values ("Cannot cast 'Sofia Tanaka' to integer"): evidence must never carry table
 * data, so every quoted literal is masked, except the identifiers of the not-found messages.
 */
export function redactFailureText(text: string): string {
  if (/^(COLUMN_NOT_FOUND|TABLE_NOT_FOUND|SCHEMA_NOT_FOUND|CATALOG_NOT_FOUND):/.test(text)) return text;
  return text.replace(/'(?:[^']|'')*'/g, "'…'").replace(/"(?:[^"]|"")*"/g, (m) => (/^"[A-Za-z_][\w.]*"$/.test(m) ? m : '"…"'));
}

export function classifyAthenaFailure(f: AthenaFailure, declaredColumns: readonly string[]): DeniedOutcome | ErrorOutcome {
  const text = redactFailureText(f.reason);
  const trino = /^([A-Z][A-Z_]+):/.exec(text)?.[1];
  const col = COLUMN.exec(text)?.[1];
  if (col !== undefined) {
    if (declaredColumns.some((c) => c.toLowerCase() === col.toLowerCase())) return denied("lakeformation", "COLUMN_NOT_FOUND", text);
    return errored("not-found", `column '${col}' cannot be resolved and is not declared under tables: a typo or a missing column, not a proven denial. Declare it if it exists. (${text})`, "COLUMN_NOT_FOUND");
  }
  if (/Insufficient Lake Formation permission|Principal does not have any privilege|Insufficient permissions to execute the query/i.test(text)) return denied("lakeformation", "INSUFFICIENT_PERMISSIONS", text);
  if (/Permission denied on S3 path|Access denied when writing output/i.test(text)) return denied("s3", "S3_ACCESS_DENIED", text);
  if (trino === "TABLE_NOT_FOUND" || trino === "SCHEMA_NOT_FOUND" || trino === "CATALOG_NOT_FOUND") return errored("not-found", text, trino);
  if (trino === "SYNTAX_ERROR" || trino === "NOT_SUPPORTED" || trino === "TYPE_MISMATCH" || trino === "INVALID_FUNCTION_ARGUMENT") return errored("invalid-request", text, trino);
  if (f.errorCategory === 1) return errored("server", text, trino ?? "SYSTEM_ERROR");
  return errored("invalid-request", text, trino ?? "QUERY_FAILED");
}
