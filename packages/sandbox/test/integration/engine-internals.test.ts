// DuckDB's own catalog (its system views and metadata table functions) resolves from any query; Athena
// has none of it. A persona who may see nothing got DuckDB's metadata as an allowed result (fresh-eyes
// review, reproduced): such names are now the missing table or function they are on Athena.
import { afterAll, describe, expect, it } from "vitest";
import { resolveFixture } from "../../src/fixture/bundled.js";
import { userByName } from "../../src/fixture/directory.js";
import { LakeEngines } from "../../src/lakeformation/engine-pool.js";
import { resolveVisibility } from "../../src/lakeformation/permissions.js";
import { idcPrincipal } from "../../src/lakeformation/principals.js";
import { runQuery } from "../../src/lakeformation/query-runner.js";

const f = resolveFixture("bank");
const engines = new LakeEngines(f);
afterAll(() => engines.close());
const as = (name: string) => resolveVisibility(f, idcPrincipal(f, userByName(f, name)!.userId));
const db = f.glue.databases.find((d) => d.tables.length)!.name;
const run = (who: string, query: string) => runQuery(engines, f, as(who), { query, database: db });

describe("DuckDB's own catalog is not Athena's", () => {
  it.each([
    ["SELECT * FROM pg_tables", /pg_tables/],
    ["SELECT * FROM duckdb_tables", /duckdb_tables/],
    ["SELECT * FROM sqlite_master", /sqlite_master/],
    ["SELECT * FROM pg_catalog.pg_class", /SCHEMA_NOT_FOUND.*pg_catalog/],
    ["SELECT * FROM system.main.duckdb_columns", /system/],
    ["SELECT t.* FROM (SELECT * FROM duckdb_views) t", /duckdb_views/],
  ])("%s fails as a missing table, for everyone", async (query, names) => {
    for (const who of ["arnav", "dana"]) {
      const r = await run(who, query);
      expect(r.state, `${who}: ${query}`).toBe("FAILED");
      if (r.state === "FAILED") expect(r.failure.message).toMatch(names);
    }
  });

  it("a metadata table function fails as a missing function", async () => {
    const r = await run("dana", "SELECT * FROM duckdb_tables()");
    expect(r.state).toBe("FAILED");
    if (r.state === "FAILED") expect(r.failure.message).toMatch(/duckdb_tables/);
  });

  it("a CTE of such a name is the CTE, and the persona's own tables still answer", async () => {
    const cte = await run("arnav", "WITH pg_tables AS (SELECT 1 AS x) SELECT x FROM pg_tables");
    expect(cte.state).toBe("SUCCEEDED");
    const table = f.glue.databases.find((d) => d.name === db)!.tables[0].name;
    const own = await run("arnav", `SELECT * FROM ${table}`);
    expect(own.state).toBe("SUCCEEDED");
  });
});

describe("a Glue table named like one of DuckDB's views is the Glue table", () => {
  // Glue allows the name; Athena knows no pg_tables of its own, so the query reads the table.
  const g = structuredClone(f);
  const home = g.glue.databases.find((d) => d.name === db)!;
  const model = home.tables[0];
  home.tables.push({ ...model, name: "pg_tables" });
  const pool = new LakeEngines(g);
  afterAll(() => pool.close());
  const asIn = (name: string) => resolveVisibility(g, idcPrincipal(g, userByName(g, name)!.userId));
  const runIn = (who: string, query: string) => runQuery(pool, g, asIn(who), { query, database: db });

  it("a persona granted it reads its columns, not DuckDB's metadata", async () => {
    const r = await runIn("arnav", "SELECT * FROM pg_tables");
    expect(r.state).toBe("SUCCEEDED");
    if (r.state === "SUCCEEDED") expect(r.columns.map((c) => c.name)).toEqual(model.columns.map((c) => c.name));
  });

  it("a persona not granted it is refused as for any other table of hers", async () => {
    const own = await runIn("dana", `SELECT * FROM ${model.name}`);
    const named = await runIn("dana", "SELECT * FROM pg_tables");
    expect(named.state).toBe("FAILED");
    expect(own.state).toBe("FAILED");
    if (named.state === "FAILED" && own.state === "FAILED") {
      expect(named.failure.errorType).toBe(own.failure.errorType);
      expect(named.failure.message).toBe(own.failure.message.replaceAll(model.name, "pg_tables"));
    }
  });

  it("beside it, another of DuckDB's views is still refused", async () => {
    const r = await runIn("arnav", "SELECT * FROM pg_tables CROSS JOIN duckdb_tables");
    expect(r.state).toBe("FAILED");
    if (r.state === "FAILED") expect(r.failure.message).toMatch(/duckdb_tables/);
  });
});
