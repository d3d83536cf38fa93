// Runs one Athena query for one principal: statement checks, Lake Formation table checks, execution in
// the principal's own engine, and Athena-shaped results or failure texts. Pure of any HTTP/API concern.
import type { Fixture } from "../fixture/load.js";
import { engineText } from "../services/athena/messages.js";
import { athenaText, athenaTypeOf, type AthenaColumnType } from "./athena-types.js";
import type { LakeEngines } from "./engine-pool.js";
import { EngineFailure, type EngineSession } from "./identity-engine.js";
import type { Visibility } from "./permissions.js";
import {
  analysis,
  genericFailure,
  lineColOfIndex,
  mapEngineError,
  notSupported,
  resolveTable,
  tableFailure,
  type QueryFailure,
  type ResolveContext,
  type TableRef,
} from "./sql-errors.js";
import { internalRefsOf } from "./engine-internals.js";
import { outputNames, selectItems } from "./output-names.js";
import { leadingKeyword, qualifiedNameAt, substituteParameters } from "./sql-text.js";

export interface QueryRequest {
  query: string;
  /** Default database (QueryExecutionContext.Database, else "default"). */
  database: string;
  executionParameters?: string[];
  /** Checks beyond Lake Formation's column decision (lakeformation/query-gates.ts), per Glue table. */
  gates?: QueryGates;
}

export interface QueryGates {
  /** Before Lake Formation decides: reading the table's catalog entry (every Glue table the query names). */
  catalog?(t: TableRef): QueryFailure | undefined;
  /** After Lake Formation granted the table: reading its data (S3 data location, KMS). */
  data?(t: TableRef): QueryFailure | undefined;
}

export interface QueryColumn extends AthenaColumnType {
  name: string;
}

export type StatementType = "DML" | "DDL" | "UTILITY";

interface Common {
  statementType: StatementType;
  substatementType: string;
  /** Glue tables the query read (LF GetDataAccess granted). */
  tablesRead: TableRef[];
  /** Glue tables the principal has no SELECT on (LF GetDataAccess denied). */
  tablesDenied: TableRef[];
  dataScannedBytes: number;
}

export type QueryOutcome =
  | (Common & { state: "SUCCEEDED"; columns: QueryColumn[]; rows: (string | null)[][] })
  | (Common & { state: "FAILED"; failure: QueryFailure });

const QUERY_WORDS = new Set(["SELECT", "WITH", "VALUES", "TABLE"]);
// Trino statements the sandbox recognizes but does not run (the harness only reads data).
const NON_QUERY: Record<string, StatementType> = {
  CREATE: "DDL",
  DROP: "DDL",
  ALTER: "DDL",
  MSCK: "DDL",
  COMMENT: "DDL",
  TRUNCATE: "DDL",
  VACUUM: "DDL",
  OPTIMIZE: "DDL",
  REFRESH: "DDL",
  INSERT: "DML",
  UPDATE: "DML",
  DELETE: "DML",
  MERGE: "DML",
  UNLOAD: "DML",
  SHOW: "UTILITY",
  DESCRIBE: "UTILITY",
  DESC: "UTILITY",
  EXPLAIN: "UTILITY",
  USE: "UTILITY",
  SET: "UTILITY",
  RESET: "UTILITY",
  PREPARE: "UTILITY",
  EXECUTE: "UTILITY",
  DEALLOCATE: "UTILITY",
  CALL: "UTILITY",
  GRANT: "UTILITY",
  REVOKE: "UTILITY",
  DENY: "UTILITY",
  START: "UTILITY",
  COMMIT: "UTILITY",
  ROLLBACK: "UTILITY",
  ANALYZE: "UTILITY",
};

export async function runQuery(
  engines: LakeEngines,
  fixture: Fixture,
  visibility: Visibility,
  req: QueryRequest,
): Promise<QueryOutcome> {
  const base: Common = {
    statementType: "DML",
    substatementType: "SELECT",
    tablesRead: [],
    tablesDenied: [],
    dataScannedBytes: 0,
  };
  const fail = (failure: QueryFailure, extra: Partial<Common> = {}): QueryOutcome => ({
    ...base,
    ...extra,
    state: "FAILED",
    failure,
  });

  let sql = req.query;
  if (req.executionParameters?.length) {
    const sub = substituteParameters(sql, req.executionParameters);
    if ("expected" in sub)
      return fail(genericFailure(engineText.parameterCountMismatch(sub.expected, req.executionParameters.length)));
    sql = sub.sql;
  }
  const kw = leadingKeyword(sql);
  if (!kw) return fail(analysis(engineText.syntaxError(1, 1, "mismatched input '<EOF>'")));
  if (!QUERY_WORDS.has(kw.word)) {
    const kind = NON_QUERY[kw.word];
    if (kind) return fail(notSupported(kw.word), { statementType: kind, substatementType: kw.word });
    const { line, col } = lineColOfIndex(sql, kw.index);
    return fail(analysis(engineText.unknownStatement(line, col, kw.word)));
  }

  const ctx: ResolveContext = { fixture, visibility, defaultDb: req.database };
  const engine = await engines.engineFor(visibility);
  return engine.session(req.database, async (s) => {
    try {
      return await analyzeAndExecute(s, sql, ctx, base, req.gates ?? {}, (tables) =>
        tables.reduce((n, t) => n + (engine.bytesByTable.get(`${t.database}.${t.table}`) ?? 0), 0),
      );
    } catch (e) {
      if (e instanceof EngineFailure) return fail(mapEngineError(e.error, sql, ctx));
      throw e;
    }
  });
}

async function analyzeAndExecute(
  s: EngineSession,
  sql: string,
  ctx: ResolveContext,
  base: Common,
  gates: QueryGates,
  bytesOf: (t: TableRef[]) => number,
): Promise<QueryOutcome> {
  if ((await s.statementCount(sql)) > 1)
    return { ...base, state: "FAILED", failure: analysis(engineText.multipleStatements()) };
  // DuckDB's own views and metadata functions resolve from anywhere: answered as the missing table or
  // function they are on Athena. A Glue table of the same name is that table, which Lake Formation
  // decides below like any other; it is added to the names DuckDB reports, because an engine that does
  // not hold it (the persona may not see it) binds the name to DuckDB's own view and reports no table.
  const parsed = await s.serialize(sql);
  const internal = parsed ? internalRefsOf(parsed, s.internalViews) : [];
  const glueNamed = internal.filter((r) => r.kind === "table" && resolveTable(r.parts, ctx).kind === "glue");
  const refused = internal.find((r) => !glueNamed.includes(r));
  if (refused) {
    const name = refused.parts.join(".");
    const what = refused.kind === "table" ? "Table" : "Table Function";
    const index =
      refused.kind === "table"
        ? indexOfName(sql, refused.parts)
        : Math.max(0, sql.toLowerCase().indexOf(refused.parts[0].toLowerCase()));
    throw new EngineFailure({
      exceptionType: "Catalog",
      entryType: what,
      name,
      message: `${what} with name ${name} does not exist!`,
      position: Buffer.byteLength(sql.slice(0, index)),
    });
  }

  // Lake Formation decides per table before anything runs; a denied table fails the whole query.
  const read: TableRef[] = [];
  const denied: TableRef[] = [];
  let firstFailure: QueryFailure | undefined;
  // The engine returns names re-quoted where needed ("temp".main.x): read them like query text.
  const named = [...s.tableNames(sql).map((name) => qualifiedNameAt(name, 0)), ...glueNamed.map((r) => r.parts)];
  for (const parts of named) {
    const r = resolveTable(parts, ctx);
    if (r.kind === "glue") {
      const list = r.visible ? read : denied;
      if (!list.some((t) => t.database === r.ref.database && t.table === r.ref.table)) list.push(r.ref);
    }
    // Unknown catalogs carry no engine position: find the name in the text.
    if ((r.kind === "no-catalog" || (r.kind === "glue" && !r.visible)) && !firstFailure) {
      firstFailure = tableFailure(r, sql, indexOfName(sql, parts));
    }
  }
  // The catalog is read before Lake Formation is asked: a refused glue:GetTable leaves no LF record.
  for (const t of [...read, ...denied]) {
    const f = gates.catalog?.(t);
    if (f) return { ...base, state: "FAILED", failure: f };
  }
  if (firstFailure) return { ...base, tablesDenied: denied, state: "FAILED", failure: firstFailure };
  // Lake Formation granted every table (its GetDataAccess records stand); then the data itself is read.
  for (const t of read) {
    const f = gates.data?.(t);
    if (f) return { ...base, tablesRead: read, state: "FAILED", failure: f };
  }

  const rows = await s.execute(sql);
  const names = outputNames(
    rows.columns.map((c) => c.name),
    parsed ? selectItems(parsed) : undefined,
  );
  const columns = rows.columns.map((c, i) => ({ name: names[i], ...athenaTypeOf(c.type) }));
  const text = rows.rows.map((r) => r.map((v, i) => athenaText(v, rows.columns[i].type)));
  return { ...base, tablesRead: read, state: "SUCCEEDED", columns, rows: text, dataScannedBytes: bytesOf(read) };
}

/** Character index where a dotted name (as returned by the engine) first appears in the query text. */
function indexOfName(sql: string, parts: string[]): number {
  const esc = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = parts.map((p) => `(?:"${esc(p).replace(/"/g, '""')}"|${esc(p)})`).join("\\s*\\.\\s*");
  const m = new RegExp(`(?<![A-Za-z0-9_"])${pattern}(?![A-Za-z0-9_])`, "i").exec(sql);
  return m ? m.index : 0;
}
