// One isolated DuckDB instance per distinct visibility: catalog `awsdatacatalog`, a schema per Glue
// database the principal can see, and for each table it can SELECT a materialized table holding only
// the permitted columns, rows and cells (copied from the base store, never attached to it). After
// loading, external access and configuration are locked (for all its connections, made before the
// lock), so read_csv('/etc/passwd'), COPY, INSTALL, LOAD or attaching files fail inside the engine
// itself, whatever the SQL filter in front of it misses.
import { DuckDBInstance, type DuckDBConnection, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";
import { BaseStore, ENGINE_OPTIONS, quoteIdent } from "./base-store.js";
import { duckTypeOfGlue } from "./glue-types.js";
import { ParseCache } from "./parse-cache.js";
import type { Visibility } from "./permissions.js";

export const ENGINE_CATALOG = "awsdatacatalog";

/** A DuckDB error, decoded from errors_as_json. Positions are UTF-8 byte offsets into the SQL. */
export interface EngineError {
  exceptionType: string;
  message: string;
  position?: number;
  subtype?: string;
  name?: string;
  /** For catalog errors: "Table", "Scalar Function", … */
  entryType?: string;
}

export interface EngineRows {
  columns: { name: string; type: DuckDBType }[];
  rows: DuckDBValue[][];
}

export class EngineFailure extends Error {
  override name = "EngineFailure" as const;
  constructor(readonly error: EngineError) {
    super(error.message);
  }
}

/** A session on an engine: the only way to run SQL there, one caller per connection at a time. */
export interface EngineSession {
  /** Number of statements, or throws EngineFailure for a syntax error. */
  statementCount(sql: string): Promise<number>;
  /** Tables referenced by the statement, as written (1–3 dot-separated parts). CTE names excluded. */
  tableNames(sql: string): string[];
  execute(sql: string): Promise<EngineRows>;
  /** DuckDB's parse tree of the statement (json_serialize_sql), for output naming. */
  serialize(sql: string): Promise<string | undefined>;
  /** Lower-case names of DuckDB's internal views that resolve from any schema (engine-internals.ts). */
  readonly internalViews: ReadonlySet<string>;
}

/** Connections per engine: concurrent queries of one permission set run side by side, as on Athena. */
const CONNECTIONS = 4;

export class IdentityEngine {
  private readonly queues: Promise<unknown>[];
  private readonly busy: number[];
  /**
   * Each connection's default schema as last set by USE, so an unchanged one is not set again. Only a
   * single query statement ever runs on a connection (multi-statement text fails before it runs), so
   * nothing but USE here changes it; a failed USE forgets it.
   */
  private readonly schemaOf: (string | undefined)[];

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conns: DuckDBConnection[],
    private readonly schemas: Set<string>,
    /** CSV-text bytes of the visible cells per "db.table" (the engine's DataScannedInBytes basis). */
    readonly bytesByTable: Map<string, number>,
    private readonly parses: ParseCache,
    private readonly internalViews: ReadonlySet<string>,
  ) {
    this.queues = conns.map(() => Promise.resolve());
    this.busy = conns.map(() => 0);
    this.schemaOf = conns.map(() => undefined);
  }

  /** `parses` may be shared by every engine of a sandbox: parse facts depend on the text alone. */
  static async build(base: BaseStore, v: Visibility, parses = new ParseCache()): Promise<IdentityEngine> {
    const instance = await DuckDBInstance.create(":memory:", ENGINE_OPTIONS);
    const conn = await instance.connect();
    const schemas = new Set<string>();
    const bytes = new Map<string, number>();
    const extra: DuckDBConnection[] = [];
    let internalViews: Set<string>;
    try {
      await conn.run(`ATTACH ':memory:' AS ${ENGINE_CATALOG}`);
      const visibleDbs = new Set([
        ...v.databases.filter((d) => d.describe).map((d) => d.name),
        ...v.tables.map((t) => t.database),
      ]);
      for (const db of visibleDbs) {
        await conn.run(`CREATE SCHEMA ${ENGINE_CATALOG}.${quoteIdent(db)}`);
        schemas.add(db);
      }
      for (const t of v.tables) {
        const cols = t.columns.map((c) => `${quoteIdent(c.name)} ${duckTypeOfGlue(c.glueType)}`).join(", ");
        await conn.run(`CREATE TABLE ${ENGINE_CATALOG}.${quoteIdent(t.database)}.${quoteIdent(t.table)} (${cols})`);
        const { result, bytes: size } = await base.sliceOf(t);
        const appender = await conn.createAppender(t.table, t.database, ENGINE_CATALOG);
        for (let i = 0; i < result.chunkCount; i++) appender.appendDataChunk(result.getChunk(i));
        appender.flushSync();
        appender.closeSync();
        bytes.set(`${t.database}.${t.table}`, size);
      }
      // errors_as_json is per connection and cannot be set once locked: every connection is made first.
      const views = await conn.runAndReadAll(
        "SELECT DISTINCT lower(view_name) FROM duckdb_views() WHERE internal AND schema_name IN ('main', 'pg_catalog')",
      );
      internalViews = new Set(views.getRows().map((r) => String(r[0])));
      for (let i = 1; i < CONNECTIONS; i++) extra.push(await instance.connect());
      for (const c of [conn, ...extra]) await c.run("SET errors_as_json = true");
      await conn.run("SET enable_external_access = false");
      await conn.run("SET lock_configuration = true");
    } catch (e) {
      for (const c of [conn, ...extra]) c.closeSync();
      instance.closeSync();
      throw e;
    }
    return new IdentityEngine(instance, [conn, ...extra], schemas, bytes, parses, internalViews);
  }

  hasSchema(db: string): boolean {
    return this.schemas.has(db.toLowerCase());
  }

  /** Runs fn with exclusive use of one of the engine's connections, its default schema set to `defaultDb` when visible. */
  session<T>(defaultDb: string, fn: (s: EngineSession) => Promise<T>): Promise<T> {
    const i = this.busy.indexOf(Math.min(...this.busy));
    const conn = this.conns[i];
    const run = async (): Promise<T> => {
      // Unknown or invisible default database: resolve unqualified names against an empty schema, so
      // they fail and are mapped by the caller (which knows the intended database).
      const schema = this.hasSchema(defaultDb) ? quoteIdent(defaultDb.toLowerCase()) : "main";
      if (this.schemaOf[i] !== schema) {
        this.schemaOf[i] = undefined;
        await conn.run(`USE ${ENGINE_CATALOG}.${schema}`);
        this.schemaOf[i] = schema;
      }
      return fn({
        internalViews: this.internalViews,
        statementCount: async (sql) => {
          const facts = this.parses.of(sql);
          facts.statementCount ??= await guard(async () => (await conn.extractStatements(sql)).count);
          return facts.statementCount;
        },
        // Not cached: DuckDB resolves the names against this engine's own catalog (a view is expanded
        // where it resolves; "awsdatacatalog.t" is ambiguous where a schema of that name exists), so one
        // engine's list is not another's (review reproduction: packages/sandbox/test/integration/
        // parse-cache-engines.test.ts).
        tableNames: (sql) => conn.getTableNames(sql, true) as string[],
        execute: (sql) =>
          guard(async () => {
            const result = await conn.run(sql);
            const columns = result.columnNames().map((name, i) => ({ name, type: result.columnType(i) }));
            return { columns, rows: await result.getRows() };
          }),
        serialize: async (sql) => {
          const facts = this.parses.of(sql);
          if (facts.serialized !== undefined) return facts.serialized;
          try {
            const r = await conn.runAndReadAll(`SELECT json_serialize_sql('${sql.replace(/'/g, "''")}')`);
            return (facts.serialized = String(r.getRows()[0][0]));
          } catch {
            return undefined;
          }
        },
      });
    };
    this.busy[i]++;
    const next = this.queues[i].then(run, run).finally(() => this.busy[i]--);
    this.queues[i] = next.catch(() => undefined);
    return next;
  }

  /** Waits for the statement in flight, then releases the instance. */
  async close(): Promise<void> {
    await Promise.all(this.queues);
    for (const c of this.conns) c.closeSync();
    this.instance.closeSync();
  }
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new EngineFailure(decodeEngineError(e));
  }
}

/** Decodes DuckDB's errors_as_json payload (parser errors arrive prefixed, e.g. "Parser Error: {…}"). */
export function decodeEngineError(e: unknown): EngineError {
  const text = e instanceof Error ? e.message : String(e);
  const start = text.indexOf('{"exception_type"');
  if (start >= 0) {
    try {
      const j = JSON.parse(text.slice(start)) as Record<string, string>;
      return {
        exceptionType: j.exception_type ?? "Unknown",
        message: j.exception_message ?? text,
        position: j.position !== undefined ? Number(j.position) : undefined,
        subtype: j.error_subtype,
        name: j.name,
        entryType: j.type,
      };
    } catch {
      /* not JSON: fall through */
    }
  }
  return { exceptionType: "Unknown", message: text };
}
