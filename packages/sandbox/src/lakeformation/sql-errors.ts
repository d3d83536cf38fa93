// Maps engine (DuckDB) errors to Athena's failure texts. The identity engine only contains what the
// identity may see, so a column denied by Lake Formation and a column that does not exist fail the
// same way — exactly as in Athena ("cannot be resolved or requester is not authorized").
import { engineText, errorTypes, type ErrorTypeEntry } from "../services/athena/messages.js";
import type { Fixture } from "../fixture/load.js";
import type { EngineError } from "./identity-engine.js";
import { ENGINE_CATALOG } from "./identity-engine.js";
import { tableAccess, type Visibility } from "./permissions.js";
import { lineCol, qualifiedNameAt } from "./sql-text.js";

export interface QueryFailure {
  /** Full Athena text, e.g. "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved or …". */
  message: string;
  category: number;
  errorType: number;
  retryable: boolean;
}

export interface TableRef {
  catalog: string;
  database: string;
  table: string;
}

export type TableResolution =
  | { kind: "glue"; ref: TableRef; visible: boolean }
  | { kind: "no-catalog"; catalog: string }
  | { kind: "no-schema"; database: string }
  | { kind: "no-table"; ref: TableRef }
  | { kind: "engine" }; // not a Glue name (e.g. information_schema): left to the engine

export interface ResolveContext {
  fixture: Fixture;
  visibility: Visibility;
  defaultDb: string;
}

/** Resolves a name as written (1–3 parts) against the Glue catalog and the principal's visibility. */
export function resolveTable(parts: string[], c: ResolveContext): TableResolution {
  const lower = parts.map((p) => p.toLowerCase());
  const [catalog, database, table] =
    lower.length >= 3
      ? lower.slice(-3)
      : lower.length === 2
        ? [ENGINE_CATALOG, lower[0], lower[1]]
        : [ENGINE_CATALOG, c.defaultDb.toLowerCase(), lower[0]];
  if (catalog !== ENGINE_CATALOG) return { kind: "no-catalog", catalog };
  if (database === "information_schema") return { kind: "engine" };
  const db = c.fixture.glue.databases.find((d) => d.name.toLowerCase() === database);
  if (!db) return { kind: "no-schema", database };
  const ref = { catalog, database: db.name, table };
  const t = db.tables.find((x) => x.name.toLowerCase() === table);
  if (!t) return { kind: "no-table", ref };
  return {
    kind: "glue",
    ref: { ...ref, table: t.name },
    visible: tableAccess(c.visibility, db.name, t.name) !== undefined,
  };
}

export const analysis = (message: string): QueryFailure => ({ message, ...pick(errorTypes.analysis) });
const pick = (e: ErrorTypeEntry) => ({ category: e.category, errorType: e.type, retryable: e.retryable });
/** A failure with its AthenaError fields from the one errorTypes table (services/athena/messages.ts). */
export const failureOf = (message: string, e: ErrorTypeEntry): QueryFailure => ({ message, ...pick(e) });

/** The failure for a table name that did not resolve to a visible Glue table (position = char index). */
export function tableFailure(r: TableResolution, query: string, index: number): QueryFailure | undefined {
  const { line, col } = lineColOfIndex(query, index);
  switch (r.kind) {
    case "no-catalog":
      return analysis(engineText.catalogNotFound(line, col, r.catalog));
    case "no-schema":
      return analysis(engineText.schemaNotFound(line, col, r.database));
    case "no-table":
      return analysis(engineText.tableNotFound(line, col, r.ref.catalog, r.ref.database, r.ref.table));
    case "glue":
      return r.visible
        ? undefined
        : { message: engineText.lakeFormationDenied(r.ref.database, r.ref.table), ...pick(errorTypes.lakeFormation) };
    case "engine":
      return undefined;
  }
}

export function lineColOfIndex(query: string, index: number): { line: number; col: number } {
  const before = query.slice(0, index);
  return { line: before.split("\n").length, col: index - (before.lastIndexOf("\n") + 1) + 1 };
}

/** Maps an engine error for the query text it came from. */
export function mapEngineError(e: EngineError, query: string, c: ResolveContext): QueryFailure {
  const at = lineCol(query, e.position ?? 0);
  const written = () =>
    qualifiedNameAt(query, at.index)
      .map((p) => p.toLowerCase())
      .join(".");
  if (e.exceptionType === "Parser") return analysis(engineText.syntaxError(at.line, at.col, syntaxDetail(e.message)));
  if (e.exceptionType === "Binder") {
    if (e.subtype === "COLUMN_NOT_FOUND" && e.name)
      return analysis(engineText.columnNotFound(at.line, at.col, e.name.toLowerCase()));
    if (/does not have a column named|^Referenced table .* not found/.test(e.message) && e.position !== undefined) {
      return analysis(engineText.columnNotFound(at.line, at.col, written()));
    }
  }
  if (e.exceptionType === "Catalog" && e.position !== undefined) {
    if (e.entryType === "Table" || /^Table with name/.test(e.message)) {
      const failure = tableFailure(resolveTable(qualifiedNameAt(query, at.index), c), query, at.index);
      if (failure) return failure;
    }
    if (e.entryType && /Function/.test(e.entryType))
      return analysis(engineText.functionNotFound(at.line, at.col, (e.name ?? written()).toLowerCase()));
  }
  if (e.exceptionType === "Permission") return analysis(engineText.externalAccessBlocked(at.line, at.col));
  return { message: engineText.genericUserError(e.message.split("\n")[0]), ...pick(errorTypes.generic) };
}

/** DuckDB: `syntax error at or near "FORM"` → Trino-style `mismatched input 'FORM'`. */
function syntaxDetail(message: string): string {
  const near = /at or near "(.*)"/.exec(message);
  if (near) return `mismatched input '${near[1]}'`;
  if (/at end of input/.test(message)) return "mismatched input '<EOF>'";
  return message.split("\n")[0];
}

export const notSupported = (kind: string): QueryFailure => ({
  message: engineText.notSupported(kind),
  ...pick(errorTypes.notSupported),
});
export const genericFailure = (message: string): QueryFailure => ({ message, ...pick(errorTypes.generic) });
