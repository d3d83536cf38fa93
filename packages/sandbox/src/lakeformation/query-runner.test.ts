// The engine end to end (no HTTP): per-identity isolation and Athena's failure texts with positions.
import { afterAll, describe, expect, it } from "vitest";
import { BUNDLED_FIXTURES } from "../index.js";
import { userByName } from "../fixture/directory.js";
import { loadFixture } from "../fixture/load.js";
import { LakeEngines } from "./engine-pool.js";
import { resolveVisibility } from "./permissions.js";
import { idcPrincipal } from "./principals.js";
import { runQuery, type QueryOutcome } from "./query-runner.js";

const f = loadFixture(BUNDLED_FIXTURES.bank);
const engines = new LakeEngines(f);
afterAll(() => engines.close());

const as = (name: string) => resolveVisibility(f, idcPrincipal(f, userByName(f, name)!.userId));
const q = (name: string, query: string, database = "bankdata_db") =>
  runQuery(engines, f, as(name), { query, database });
const reason = (o: QueryOutcome) => (o.state === "FAILED" ? o.failure.message : "SUCCEEDED");
const COL = (l: number, c: number, n: string) =>
  `COLUMN_NOT_FOUND: line ${l}:${c}: Column '${n}' cannot be resolved or requester is not authorized to access requested resources`;

describe("column errors", () => {
  it("a denied column and a missing column fail identically, at the reference's position", async () => {
    expect(reason(await q("wei", "SELECT initiator_name FROM bankdata_icebergtbl"))).toBe(COL(1, 8, "initiator_name"));
    expect(reason(await q("arnav", "SELECT banana FROM bankdata_icebergtbl"))).toBe(COL(1, 8, "banana"));
  });

  it("computes line:column across lines, in WHERE clauses and for qualified references", async () => {
    expect(reason(await q("wei", "SELECT region\nFROM bankdata_icebergtbl\nWHERE  Bank_Account_Number IS NULL"))).toBe(
      COL(3, 8, "bank_account_number"),
    );
    expect(reason(await q("wei", "SELECT t.transaction_id FROM bankdata_icebergtbl t"))).toBe(
      COL(1, 8, "t.transaction_id"),
    );
    expect(reason(await q("wei", "SELECT 'é', transaction_id FROM bankdata_icebergtbl"))).toBe(
      COL(1, 13, "transaction_id"),
    );
  });

  it("row and cell data never reach an engine that may not see them", async () => {
    const o = await q("wei", "SELECT * FROM bankdata_icebergtbl");
    expect(o.state).toBe("SUCCEEDED");
    expect(JSON.stringify(o)).not.toContain("DE3389229776000001");
  });
});

describe("table errors", () => {
  it("a Glue table without SELECT is the Lake Formation denial, listed for CloudTrail", async () => {
    const o = await q("dana", "SELECT * FROM bankdata_db.bankdata_icebergtbl");
    expect(reason(o)).toBe(
      "Insufficient permissions to execute the query. Insufficient Lake Formation permission(s) on bankdata_db.bankdata_icebergtbl",
    );
    expect(o.tablesDenied).toEqual([
      { catalog: "awsdatacatalog", database: "bankdata_db", table: "bankdata_icebergtbl" },
    ]);
    expect(o.tablesRead).toEqual([]);
  });

  it("a table missing from Glue is TABLE_NOT_FOUND at its position, default db or qualified", async () => {
    expect(reason(await q("arnav", "SELECT *\nFROM   nope"))).toBe(
      "TABLE_NOT_FOUND: line 2:8: Table 'awsdatacatalog.bankdata_db.nope' does not exist",
    );
    expect(reason(await q("arnav", "SELECT * FROM awsdatacatalog.bankdata_db.nope"))).toBe(
      "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.bankdata_db.nope' does not exist",
    );
    expect(reason(await q("arnav", "SELECT * FROM nodb.t"))).toBe(
      "SCHEMA_NOT_FOUND: line 1:15: Schema 'nodb' does not exist",
    );
    expect(reason(await q("arnav", "SELECT * FROM other.bankdata_db.bankdata_icebergtbl"))).toBe(
      "CATALOG_NOT_FOUND: line 1:15: Catalog 'other' does not exist",
    );
  });

  it("the default database comes from the query context", async () => {
    expect((await q("arnav", "SELECT count(*) FROM bankdata_icebergtbl", "bankdata_db")).state).toBe("SUCCEEDED");
    expect(reason(await q("arnav", "SELECT count(*) FROM bankdata_icebergtbl", "default"))).toBe(
      "TABLE_NOT_FOUND: line 1:22: Table 'awsdatacatalog.default.bankdata_icebergtbl' does not exist",
    );
  });
});

describe("statements", () => {
  it("syntax errors carry SYNTAX_ERROR and a position", async () => {
    expect(reason(await q("arnav", "SELECT * FROM bankdata_icebergtbl WHERE"))).toMatch(/^SYNTAX_ERROR: line 1:40: /);
    expect(reason(await q("arnav", "SELEC 1"))).toMatch(/^SYNTAX_ERROR: line 1:1: /);
  });

  it("only one read-only query per execution; other statements fail", async () => {
    expect(reason(await q("arnav", "SELECT 1; SELECT 2"))).toMatch(/^SYNTAX_ERROR/);
    expect(reason(await q("arnav", "DROP TABLE bankdata_icebergtbl"))).toMatch(/^NOT_SUPPORTED: /);
    expect(reason(await q("arnav", "COPY bankdata_icebergtbl TO '/tmp/x.csv'"))).toMatch(
      /^SYNTAX_ERROR: line 1:1: mismatched input 'COPY'/,
    );
    expect(reason(await q("arnav", "SELECT * FROM read_csv('/etc/passwd')"))).toMatch(
      /^PERMISSION_DENIED: line 1:15: /,
    );
  });
});
