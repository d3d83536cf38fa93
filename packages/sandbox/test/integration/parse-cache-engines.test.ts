// The parse facts shared by every identity engine (parse-cache.ts) must not include the tables a query
// names: DuckDB's getTableNames resolves them against the engine's own catalog (an "Ambiguous reference to
// catalog or schema" makes it return []), and a list borrowed from another persona's engine skipped the
// Glue and Lake Formation decisions for this one (fresh-eyes review reproduction).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUNDLED_FIXTURES } from "../../src/index.js";
import { userByName } from "../../src/fixture/directory.js";
import { loadFixture } from "../../src/fixture/load.js";
import { LakeEngines } from "../../src/lakeformation/engine-pool.js";
import { resolveVisibility } from "../../src/lakeformation/permissions.js";
import { idcPrincipal } from "../../src/lakeformation/principals.js";
import { runQuery, type QueryGates } from "../../src/lakeformation/query-runner.js";

const DB = "awsdatacatalog";
// The bank fixture with its Glue database renamed "awsdatacatalog" (a valid Glue name, and the engines' catalog: "awsdatacatalog.t" is ambiguous where that schema exists).
const dir = mkdtempSync(join(tmpdir(), "tip-review-"));
cpSync(dirname(BUNDLED_FIXTURES.bank), dir, { recursive: true });
const file = join(dir, "fixture.yaml");
writeFileSync(file, readFileSync(file, "utf8").replaceAll("bankdata_db", DB));
const f = loadFixture(dir);

const SQL = `SELECT * FROM ${DB}.bankdata_icebergtbl`;
const glueRefused: QueryGates = {
  catalog: () => ({ message: "GLUE GetTable refused", errorCategory: 1, errorType: 1 }) as never,
};
const as = (name: string) => resolveVisibility(f, idcPrincipal(f, userByName(f, name)!.userId));
let engines: LakeEngines | undefined;
afterEach(() => engines?.close());

const dana = async (e: LakeEngines) =>
  runQuery(e, f, as("dana"), { query: SQL, database: "default", gates: glueRefused });

describe("parse cache shared across identity engines", () => {
  it("dana's answer does not depend on whether arnav ran the same text first", async () => {
    engines = new LakeEngines(f);
    const alone = await dana(engines);
    engines.close();

    engines = new LakeEngines(f);
    await runQuery(engines, f, as("arnav"), { query: SQL, database: "default" });
    const after = await dana(engines);

    // alone: the catalog gate (glue:GetTable refused) answers, and the table is listed
    expect(alone.state === "FAILED" && alone.failure.message).toBe("GLUE GetTable refused");
    // after arnav: the same. With arnav's table list it was answered with the Lake Formation denial
    // text, tablesDenied [] (no Lake Formation record) and no Glue refusal.
    expect(after.state === "FAILED" && after.failure.message).toBe("GLUE GetTable refused");
    expect(after.tablesDenied).toEqual(alone.tablesDenied);
  });
});
