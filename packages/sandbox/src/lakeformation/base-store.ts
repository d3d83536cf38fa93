// The full data of every Glue table, loaded once per sandbox into a private DuckDB instance. No caller
// SQL ever runs here: identities query their own engines, which receive only the rows and cells their
// visibility allows (see identity-engine.ts). Row filters and cell masks are evaluated here.
import { existsSync } from "node:fs";
import { DuckDBInstance, type DuckDBConnection, type DuckDBMaterializedResult } from "@duckdb/node-api";
import { fixtureFile, type Fixture } from "../fixture/load.js";
import { duckTypeOfGlue } from "./glue-types.js";
import type { TableAccess } from "./permissions.js";

/** Small, single-threaded instances: the test machine has 2 cores and fixtures are tiny. */
export const ENGINE_OPTIONS = { threads: "1", memory_limit: "256MB" };

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export class FixtureDataError extends Error {
  override name = "FixtureDataError" as const;
}

export class BaseStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async load(fixture: Fixture): Promise<BaseStore> {
    const instance = await DuckDBInstance.create(":memory:", ENGINE_OPTIONS);
    const conn = await instance.connect();
    try {
      for (const db of fixture.glue.databases) {
        await conn.run(`CREATE SCHEMA ${quoteIdent(db.name)}`);
        for (const t of db.tables) {
          const path = fixtureFile(fixture, t.data);
          if (!existsSync(path))
            throw new FixtureDataError(`table ${db.name}.${t.name}: data file ${t.data} not found`);
          const columns = t.columns
            .map((c) => `${quoteString(c.name)}: ${quoteString(duckTypeOfGlue(c.type))}`)
            .join(", ");
          // An empty field is NULL (Glue/OpenCSV would give ''; the harness fixtures mean "no value").
          await conn.run(
            `CREATE TABLE ${quoteIdent(db.name)}.${quoteIdent(t.name)} AS SELECT * FROM read_csv(${quoteString(path)}, ` +
              `header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', columns = {${columns}})`,
          );
        }
      }
      // Loaded: from now on nothing here may touch the file system or change its own configuration.
      await conn.run("SET enable_external_access = false");
      await conn.run("SET lock_configuration = true");
    } catch (e) {
      conn.closeSync();
      instance.closeSync();
      if (e instanceof FixtureDataError) throw e;
      throw new FixtureDataError(`loading fixture ${fixture.name} data: ${e instanceof Error ? e.message : String(e)}`);
    }
    return new BaseStore(instance, conn);
  }

  /**
   * The visible slice of one table: only permitted columns (masked to NULL outside their cell filter)
   * and only permitted rows, plus the CSV-text byte size of the visible cells (DataScannedInBytes).
   */
  sliceOf(access: TableAccess): Promise<{ result: DuckDBMaterializedResult; bytes: number }> {
    const from = `${quoteIdent(access.database)}.${quoteIdent(access.table)}`;
    const where = access.rowFilter ? ` WHERE ${access.rowFilter}` : "";
    const select = access.columns
      .map((c) =>
        c.cellFilter
          ? `CASE WHEN ${c.cellFilter} THEN ${quoteIdent(c.name)} ELSE NULL END AS ${quoteIdent(c.name)}`
          : quoteIdent(c.name),
      )
      .join(", ");
    return this.serial(async () => {
      const result = await this.conn.run(`SELECT ${select} FROM ${from}${where}`);
      const sizeExpr = access.columns
        .map((c) => `coalesce(strlen(CAST(${quoteIdent(c.name)} AS VARCHAR)), 0)`)
        .join(" + ");
      const size = await this.conn.runAndReadAll(
        `SELECT coalesce(sum(${sizeExpr}), 0)::BIGINT FROM (SELECT ${select} FROM ${from}${where})`,
      );
      return { result, bytes: Number(size.getRows()[0][0]) };
    });
  }

  /** Waits for the statement in flight, then releases the instance. */
  async close(): Promise<void> {
    await this.queue;
    this.conn.closeSync();
    this.instance.closeSync();
  }

  // One connection, one statement at a time.
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
