import { test } from "vitest";
import { loadFixture } from "../fixture/load.js";
import { idcPrincipal } from "./principals.js";
import { resolveVisibility } from "./permissions.js";
import { LakeEngines } from "./engine-pool.js";
import { runQuery } from "./query-runner.js";
test("scratch", async () => {
  const f = loadFixture("fixtures/bank/fixture.yaml");
  const pool = new LakeEngines(f);
  const v = resolveVisibility(f, idcPrincipal(f, f.identityCenter.users[2].userId));
  for (const q of ["SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM read_text('/etc/hostname')",
      "ATTACH '/tmp/x.db' AS x", "COPY bankdata_icebergtbl TO '/tmp/leak.csv'", "INSTALL httpfs", "LOAD httpfs",
      "SET enable_external_access = true", "INSERT INTO bankdata_icebergtbl SELECT * FROM bankdata_icebergtbl",
      "SELECT * FROM memory.main.bankdata_icebergtbl", "SELECT * FROM system.main.duckdb_tables()", "select * from duckdb_tables()", "select * from information_schema.columns",
      "SELECT * FROM glob('/etc/*')", "select current_setting('enable_external_access')", "with x as (select 1) select * from x", "select * from (select region from bankdata_icebergtbl) t where t.bank_account_number is null",
      "select * from temp.main.x", "pragma database_list", "from bankdata_icebergtbl", "select a.region, b.region from bankdata_icebergtbl a join bankdata_icebergtbl b on a.region=b.region limit 1",
      "SELECT 1.0/3, 1e-5, 12345678.5, cast(1 as double), timestamp '2026-01-01 10:00:00', [1,2], {'a': 1}, map([1],[2]), null",
      "SELECT ? + 1"]) {
    const o = await runQuery(pool, f, v, { query: q, database: "bankdata_db" });
    console.log(q, "=>", JSON.stringify(o.state === "SUCCEEDED" ? [o.columns.map(c=>c.name+":"+c.type), o.rows.slice(0,3)] : o.failure.message).slice(0, 400));
  }
  await pool.close();
});
