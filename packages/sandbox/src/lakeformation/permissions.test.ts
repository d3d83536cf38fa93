import { describe, expect, it } from "vitest";
import { BUNDLED_FIXTURES } from "../index.js";
import { userByName } from "../fixture/directory.js";
import { loadFixture, type Fixture } from "../fixture/load.js";
import { resolveVisibility, tableAccess, visibilityFingerprint } from "./permissions.js";
import { idcPrincipal, type LfPrincipal } from "./principals.js";

const bank = loadFixture(BUNDLED_FIXTURES.bank);
const regional = loadFixture(BUNDLED_FIXTURES.regional);
const person = (f: Fixture, name: string): LfPrincipal => idcPrincipal(f, userByName(f, name)!.userId);
const columnsOf = (f: Fixture, p: LfPrincipal, db: string, t: string) =>
  tableAccess(resolveVisibility(f, p), db, t)?.columns.map((c) => c.name);
const PII = ["transaction_id", "bank_account_number", "initiator_name"];

/** The bank fixture with its Lake Formation section replaced. */
function withLf(lf: Partial<Fixture["lakeFormation"]>): Fixture {
  const f = structuredClone(bank);
  f.lakeFormation = { ...f.lakeFormation, grants: [], dataCellsFilters: [], ...lf };
  return f;
}

describe("bank fixture (seed 004): LF-tag column security", () => {
  it("DataScientists see all 11 columns, all rows", () => {
    for (const name of ["arnav", "maria"]) {
      const t = tableAccess(resolveVisibility(bank, person(bank, name)), "bankdata_db", "bankdata_icebergtbl")!;
      expect(t.columns).toHaveLength(11);
      expect(t.rowFilter).toBeNull();
      expect(t.columns.every((c) => c.cellFilter === null)).toBe(true);
    }
  });

  it("MarketAnalytics lose exactly the three columns tagged secured", () => {
    const cols = columnsOf(bank, person(bank, "wei"), "bankdata_db", "bankdata_icebergtbl")!;
    expect(cols).toHaveLength(8);
    for (const c of PII) expect(cols).not.toContain(c);
  });

  it("a user in no group sees no table and no database but `default` (the DESCRIBE every query needs)", () => {
    const v = resolveVisibility(bank, person(bank, "dana"));
    expect(v.tables).toEqual([]);
    expect(v.databases).toEqual([
      { name: "default", describe: true },
      { name: "bankdata_db", describe: false },
    ]);
  });

  it("DESCRIBE on databases: explicit grants and LF-tag DATABASE policies", () => {
    const v = resolveVisibility(bank, person(bank, "wei"));
    expect(v.databases).toEqual([
      { name: "default", describe: true },
      { name: "bankdata_db", describe: true },
    ]);
  });

  it("identity-context principals never pick up IAM-role grants, and vice versa", () => {
    const f = withLf({
      grants: [
        {
          principal: { iamRole: "arn:aws:iam::111122223333:role/TipHarnessCarrier" },
          resource: { table: { database: "bankdata_db", name: "bankdata_icebergtbl" } },
          permissions: ["SELECT"],
        },
      ],
    });
    expect(resolveVisibility(f, person(f, "arnav")).tables).toEqual([]);
    expect(
      columnsOf(
        f,
        { kind: "iam", arn: "arn:aws:iam::111122223333:role/TipHarnessCarrier" },
        "bankdata_db",
        "bankdata_icebergtbl",
      ),
    ).toHaveLength(11);
  });

  it("the fingerprint is equal for equal visibility and differs otherwise", () => {
    const fp = (n: string) => visibilityFingerprint(resolveVisibility(bank, person(bank, n)));
    expect(fp("arnav")).toBe(fp("maria"));
    expect(fp("arnav")).not.toBe(fp("wei"));
  });
});

describe("grant kinds and their union", () => {
  const table = { database: "bankdata_db", name: "bankdata_icebergtbl" };
  const G = (resource: Fixture["lakeFormation"]["grants"][number]["resource"], permissions = ["SELECT"]) => ({
    principal: { group: "MarketAnalytics" },
    resource,
    permissions,
  });

  it("named table grants: columns, excludedColumns, all, and the '*' table wildcard", () => {
    expect(
      columnsOf(
        withLf({ grants: [G({ table: { ...table, columns: ["region", "currency"] } })] }),
        person(bank, "wei"),
        "bankdata_db",
        "bankdata_icebergtbl",
      ),
    ).toEqual(["currency", "region"]);
    expect(
      columnsOf(
        withLf({ grants: [G({ table: { ...table, excludedColumns: PII } })] }),
        person(bank, "wei"),
        "bankdata_db",
        "bankdata_icebergtbl",
      ),
    ).toHaveLength(8);
    expect(
      columnsOf(
        withLf({ grants: [G({ table: { database: "bankdata_db", name: "*" } })] }),
        person(bank, "wei"),
        "bankdata_db",
        "bankdata_icebergtbl",
      ),
    ).toHaveLength(11);
  });

  it("DESCRIBE alone or database grants never give SELECT; ALL does", () => {
    expect(
      columnsOf(
        withLf({ grants: [G({ table }, ["DESCRIBE"])] }),
        person(bank, "wei"),
        "bankdata_db",
        "bankdata_icebergtbl",
      ),
    ).toBeUndefined();
    expect(
      columnsOf(
        withLf({ grants: [G({ database: "bankdata_db" }, ["ALL"])] }),
        person(bank, "wei"),
        "bankdata_db",
        "bankdata_icebergtbl",
      ),
    ).toBeUndefined();
    expect(
      columnsOf(withLf({ grants: [G({ table }, ["ALL"])] }), person(bank, "wei"), "bankdata_db", "bankdata_icebergtbl"),
    ).toHaveLength(11);
  });

  it("grants add up: two column grants give the union of their columns, in table order", () => {
    const f = withLf({
      grants: [
        G({ table: { ...table, columns: ["region"] } }),
        G({ table: { ...table, columns: ["transaction_id"] } }),
      ],
    });
    expect(columnsOf(f, person(f, "wei"), "bankdata_db", "bankdata_icebergtbl")).toEqual(["transaction_id", "region"]);
  });

  it("an LF-tag TABLE grant covers the matching columns even when the table tag does not match", () => {
    const f = withLf({
      grants: [G({ lfTagPolicy: { resourceType: "TABLE", expression: { transactions: ["secured"] } } })],
    });
    expect(columnsOf(f, person(f, "wei"), "bankdata_db", "bankdata_icebergtbl")).toEqual(PII);
  });

  it("a dangling data cells filter grants nothing (fail closed)", () => {
    const f = withLf({
      grants: [G({ dataCellsFilter: { database: "bankdata_db", table: "bankdata_icebergtbl", name: "missing" } })],
    });
    expect(resolveVisibility(f, person(f, "wei")).tables).toEqual([]);
  });
});

describe("data cells filters", () => {
  const dcf = (name: string) => ({
    principal: { group: "MarketAnalytics" },
    resource: { dataCellsFilter: { database: "bankdata_db", table: "bankdata_icebergtbl", name } },
    permissions: ["SELECT"],
  });
  const filters = [
    { name: "eu", database: "bankdata_db", table: "bankdata_icebergtbl", rowFilter: "region = 'EU'" },
    { name: "us", database: "bankdata_db", table: "bankdata_icebergtbl", rowFilter: "region = 'US'" },
    { name: "no_pii", database: "bankdata_db", table: "bankdata_icebergtbl", excludedColumnNames: PII },
    {
      name: "ids_eu",
      database: "bankdata_db",
      table: "bankdata_icebergtbl",
      rowFilter: "region = 'EU'",
      columnNames: ["transaction_id", "region"],
    },
    { name: "all_rows", database: "bankdata_db", table: "bankdata_icebergtbl", rowFilter: "TRUE" },
  ];
  const access = (...names: string[]) => {
    const f = withLf({ dataCellsFilters: filters, grants: names.map(dcf) });
    return tableAccess(resolveVisibility(f, person(f, "wei")), "bankdata_db", "bankdata_icebergtbl")!;
  };

  it("row-level: one filter → its rows, all columns, nothing masked", () => {
    const t = access("eu");
    expect(t.rowFilter).toBe("(region = 'EU')");
    expect(t.columns).toHaveLength(11);
    expect(t.columns.every((c) => c.cellFilter === null)).toBe(true);
  });

  it("row filters of several filters are OR'd", () => {
    expect(access("eu", "us").rowFilter).toBe("(region = 'EU') OR (region = 'US')");
  });

  it("column-level filter: all rows, listed columns", () => {
    const t = access("no_pii");
    expect(t.rowFilter).toBeNull();
    expect(t.columns.map((c) => c.name)).not.toContain("bank_account_number");
  });

  it("'TRUE' means all rows", () => {
    expect(access("all_rows").rowFilter).toBeNull();
  });

  it("cell-level union: all rows without PII + EU rows with ids → ids visible only in EU rows", () => {
    const t = access("no_pii", "ids_eu");
    expect(t.rowFilter).toBeNull();
    const byName = Object.fromEntries(t.columns.map((c) => [c.name, c.cellFilter]));
    expect(byName.transaction_id).toBe("(region = 'EU')");
    expect(byName.region).toBeNull();
    expect(byName.currency).toBeNull();
    expect("bank_account_number" in byName).toBe(false);
  });

  it("a full-table grant next to a row filter means everything is visible", () => {
    const f = withLf({
      dataCellsFilters: filters,
      grants: [
        dcf("eu"),
        {
          principal: { group: "MarketAnalytics" },
          resource: { table: { database: "bankdata_db", name: "bankdata_icebergtbl" } },
          permissions: ["SELECT"],
        },
      ],
    });
    const t = tableAccess(resolveVisibility(f, person(f, "wei")), "bankdata_db", "bankdata_icebergtbl")!;
    expect(t.rowFilter).toBeNull();
    expect(t.columns.every((c) => c.cellFilter === null)).toBe(true);
  });
});

describe("regional fixture", () => {
  it("analysts get their region's rows, finance all rows without e-mail, both: the cell union", () => {
    const orders = (n: string) => tableAccess(resolveVisibility(regional, person(regional, n)), "sales_db", "orders");
    expect(orders("elena")?.rowFilter).toBe("(region = 'EU')");
    expect(orders("jamal")?.rowFilter).toBe("(region = 'US')");
    expect(orders("priya")?.rowFilter).toBeNull();
    expect(orders("priya")?.columns.map((c) => c.name)).not.toContain("customer_email");
    const sofia = orders("sofia")!;
    expect(sofia.rowFilter).toBeNull();
    expect(sofia.columns.find((c) => c.name === "customer_email")?.cellFilter).toBe("(region = 'EU')");
    expect(orders("omar")).toBeUndefined();
  });

  it("a table-level tag override keeps the 'public' LF-tag grant off the confidential table", () => {
    const v = resolveVisibility(regional, person(regional, "jamal"));
    expect(tableAccess(v, "sales_db", "region_targets")?.columns).toHaveLength(4);
    expect(tableAccess(v, "sales_db", "orders")?.grants.some((g) => g.includes("lfTagPolicy"))).toBe(false);
  });
});
