// The REAL AthenaClient against the "regional" fixture: row-level (regional analysts), column-level
// (finance auditors) and cell-level (a user in both) security through Lake Formation data cells filters.
import { GetWorkGroupCommand, StartQueryExecutionCommand } from "@aws-sdk/client-athena";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFixture } from "../../src/fixture/load.js";
import { BUNDLED_FIXTURES, startSandbox, type Sandbox } from "../../src/index.js";
import { AthenaHarness } from "./sandbox-athena-helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ fixture: "regional" });
});
afterAll(async () => {
  await sb?.stop();
});
const h = new AthenaHarness(
  () => sb,
  { arn: "arn:aws:iam::210987654321:role/RegionalCarrier", name: "RegionalCarrier", roleId: "AROA2SANDBOXREGCARRY" },
  { workGroup: "regional-analysts", database: "sales_db" },
);
const run = (who: string, query: string) => h.runRows(who, query);
const athena = (who: string) => h.client(who);

const BY_REGION =
  "SELECT region, count(*) AS orders, count(customer_email) AS emails FROM orders GROUP BY region ORDER BY region";

describe("regional fixture", () => {
  it("loads with loadFixture and ids that satisfy the Athena model patterns", () => {
    const f = loadFixture(BUNDLED_FIXTURES.regional);
    expect(f.name).toBe("regional");
    expect(f.identityCenter.instanceArn).toMatch(/^arn:aws:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/);
    for (const wg of f.athena.workgroups.filter((w) => w.identityCenterEnabled)) {
      expect(wg.identityCenterApplicationArn).toMatch(
        /^arn:aws:sso::\d{12}:application\/(sso)?ins-[a-zA-Z0-9-.]{16}\/apl-[a-zA-Z0-9]{16}$/,
      );
    }
  });

  it("an EU analyst sees only EU rows (row-level filter)", async () => {
    const { q, rows } = await run("elena", BY_REGION);
    expect(q.Status?.State).toBe("SUCCEEDED");
    expect(rows).toEqual([
      ["region", "orders", "emails"],
      ["EU", "24", "21"],
    ]);
    const all = await run("marco", "SELECT DISTINCT region FROM orders");
    expect(all.rows).toEqual([["region"], ["EU"]]);
  });

  it("a US analyst sees only US rows", async () => {
    const { rows } = await run("jamal", BY_REGION);
    expect(rows).toEqual([
      ["region", "orders", "emails"],
      ["US", "20", "18"],
    ]);
  });

  it("finance auditors see every row but never customer_email (column-level)", async () => {
    const star = await run("priya", "SELECT * FROM orders");
    expect(star.rows[0]).not.toContain("customer_email");
    expect(star.rows[0]).toHaveLength(12);
    expect(star.rows).toHaveLength(57);
    const denied = await run("priya", BY_REGION);
    expect(denied.q.Status?.StateChangeReason).toBe(
      `COLUMN_NOT_FOUND: line 1:${BY_REGION.indexOf("customer_email") + 1}: Column 'customer_email' cannot be resolved or requester is not authorized to access requested resources`,
    );
  });

  it("a user in both an analyst group and finance gets the union cell by cell", async () => {
    const { rows } = await run("sofia", BY_REGION);
    expect(rows).toEqual([
      ["region", "orders", "emails"],
      ["APAC", "12", "0"],
      ["EU", "24", "21"],
      ["US", "20", "0"],
    ]);
  });

  it("the LF-tag grant reaches the public table (inherited tag), not the confidential one", async () => {
    const { rows } = await run("jamal", "SELECT count(*) FROM region_targets");
    expect(rows).toEqual([["_col0"], ["6"]]);
  });

  it("a user in no group is denied by Lake Formation", async () => {
    const { q } = await run("omar", "SELECT order_id FROM orders");
    expect(q.Status?.State).toBe("FAILED");
    expect(q.Status?.StateChangeReason).toBe(
      "Insufficient permissions to execute the query. Insufficient Lake Formation permission(s) on sales_db.orders",
    );
  });

  it("typed values: int, bigint, double (Java text), decimal, date, boolean and NULL", async () => {
    const { rows, q } = await run(
      "elena",
      "SELECT quantity, sales_rep_id, discount_rate, unit_price, order_date, is_returned FROM orders WHERE order_id = 'ORD-2026-0001'",
    );
    expect(q.Status?.State).toBe("SUCCEEDED");
    expect(rows[1]).toEqual(["18", "700000007952", "0.2", "511.61", "2026-11-13", "false"]);
    const nulls = await run("elena", "SELECT count(*) FROM orders WHERE discount_rate IS NULL");
    expect(Number(nulls.rows[1][0])).toBeGreaterThan(0);
  });

  it("the carrier role's IAM only allows the Identity Center workgroup", async () => {
    const { QueryExecutionId } = await athena("elena").send(
      new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "regional-analysts" }),
    );
    expect(QueryExecutionId).toBeTruthy();
    await expect(
      athena("elena").send(new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "primary" })),
    ).rejects.toMatchObject({ name: "AccessDeniedException" });
    const { WorkGroup } = await athena("elena").send(new GetWorkGroupCommand({ WorkGroup: "regional-analysts" }));
    expect(WorkGroup?.Configuration?.IdentityCenterConfiguration?.IdentityCenterInstanceArn).toBe(
      "arn:aws:sso:::instance/ssoins-6684c3d2e1f0a9b8",
    );
  });
});
