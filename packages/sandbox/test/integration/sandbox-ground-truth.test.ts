// The ground-truth oracle (readableColumns / grantedTargets, pure over the fixture) against what the
// sandbox actually answers through the real AthenaClient and S3ControlClient, for every persona, workgroup
// and table of the bundled fixtures and of a variant that triggers the non-table causes.
import { readFileSync } from "node:fs";
import { StartQueryExecutionCommand } from "@aws-sdk/client-athena";
import { GetDataAccessCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureFile, type Fixture } from "../../src/fixture/load.js";
import {
  grantedTargets,
  readableColumns,
  resolveFixture,
  startSandbox,
  type ReadableColumns,
  type Sandbox,
} from "../../src/index.js";
import { AthenaHarness, roleCredentials } from "./sandbox-athena-helpers.js";
import { bankVariant } from "./sandbox-identity-helpers.js";

const started: Sandbox[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
});

/** What the sandbox answered, in the oracle's vocabulary. */
async function observed(
  sb: Sandbox,
  h: AthenaHarness,
  userName: string,
  workgroup: string,
  database: string,
  table: string,
): Promise<ReadableColumns & { rows?: number }> {
  let id: string;
  try {
    id = (
      await h
        .client(userName)
        .send(
          new StartQueryExecutionCommand({ QueryString: `SELECT * FROM ${database}.${table}`, WorkGroup: workgroup }),
        )
    ).QueryExecutionId!;
  } catch (e) {
    if ((e as Error).name === "AccessDeniedException") return { denied: "not-assigned" };
    throw e;
  }
  const q = await h.waitDone(userName, id);
  if (q.Status?.State === "SUCCEEDED") {
    const { rows } = await h.rows(userName, id);
    return { columns: rows[0] as string[], rows: rows.length - 1 };
  }
  const reason = q.Status?.StateChangeReason ?? "";
  const type = q.Status?.AthenaError?.ErrorType;
  if (/^(TABLE|SCHEMA)_NOT_FOUND/.test(reason)) return { denied: "no-such-table" };
  if (type === 234) return { denied: / on default$/.test(reason) ? "default-describe" : "table" };
  if (type === 1500) return { denied: /KMS/.test(reason) ? "kms" : "glue-iam" };
  if (type === 1501) return { denied: "data-location" };
  if (type === 401) return { denied: "results-write" };
  throw new Error(`unclassified failure for ${userName}: ${type} ${reason}`);
}

function totalRows(f: Fixture, database: string, table: string): number {
  const t = f.glue.databases.find((d) => d.name === database)?.tables.find((x) => x.name === table);
  return t ? readFileSync(fixtureFile(f, t.data), "utf8").trim().split("\n").length - 1 : 0;
}

async function compareAll(fixture: Fixture, workgroups: string[], tables: [string, string][]) {
  const sb = await startSandbox({ fixture });
  started.push(sb);
  const carrier = fixture.iamRoles.find((r) => r.arn === fixture.exports.carrierRoleArn)!;
  const h = new AthenaHarness(() => sb, carrier, {
    workGroup: fixture.exports.workgroup,
    database: fixture.exports.database,
  });
  let compared = 0;
  for (const wg of workgroups)
    for (const [db, table] of tables)
      for (const u of fixture.identityCenter.users) {
        const truth = readableColumns(fixture, { userName: u.userName, workgroup: wg, database: db, table });
        const seen = await observed(sb, h, u.userName, wg, db, table);
        const label = `${u.userName} ${wg} ${db}.${table}`;
        if ("denied" in truth) {
          expect(seen, label).toEqual(truth);
        } else {
          expect("columns" in seen && seen.columns, label).toEqual(truth.columns);
          const all = totalRows(fixture, db, table);
          if (truth.rowFilter) expect(seen.rows!, label).toBeLessThanOrEqual(all);
          else expect(seen.rows, label).toBe(all);
        }
        compared++;
      }
  return { sb, compared };
}

describe("readableColumns agrees with the sandbox's Athena", () => {
  it("bank: every persona × {tip-analysts, tip-plain} × {the table, a missing table}", async () => {
    const { compared } = await compareAll(
      resolveFixture("bank"),
      ["tip-analysts", "tip-plain"],
      [
        ["bankdata_db", "bankdata_icebergtbl"],
        ["bankdata_db", "no_such_table"],
      ],
    );
    expect(compared).toBe(20);
    const f = resolveFixture("bank");
    expect(
      readableColumns(f, {
        userName: "wei",
        workgroup: "tip-analysts",
        database: "bankdata_db",
        table: "bankdata_icebergtbl",
      }),
    ).toEqual({
      columns: [
        "transaction_date",
        "transaction_type",
        "transaction_amount",
        "currency",
        "recipient_name",
        "merchant_category",
        "region",
        "is_flagged",
      ],
    });
    expect(
      readableColumns(f, {
        userName: "dana",
        workgroup: "tip-analysts",
        database: "bankdata_db",
        table: "bankdata_icebergtbl",
      }),
    ).toEqual({ denied: "table" });
    expect(
      readableColumns(f, {
        userName: "erin",
        workgroup: "tip-analysts",
        database: "bankdata_db",
        table: "bankdata_icebergtbl",
      }),
    ).toEqual({ denied: "not-assigned" });
    expect(
      readableColumns(f, {
        userName: "dana",
        workgroup: "tip-plain",
        database: "bankdata_db",
        table: "bankdata_icebergtbl",
      }),
    ).toMatchObject({ columns: expect.arrayContaining(["bank_account_number"]) });
  });

  it("regional: every persona × both tables (row filters, cell masks, a user without results grant)", async () => {
    const { compared } = await compareAll(
      resolveFixture("regional"),
      ["regional-analysts"],
      [
        ["sales_db", "orders"],
        ["sales_db", "region_targets"],
      ],
    );
    expect(compared).toBe(14);
    expect(
      readableColumns(resolveFixture("regional"), {
        userName: "elena",
        workgroup: "regional-analysts",
        database: "sales_db",
        table: "orders",
      }),
    ).toMatchObject({ rowFilter: true });
  });

  it("a bank variant with the other causes: KMS, data location, DESCRIBE on default, results write", async () => {
    const variant = bankVariant((f) => {
      f.glue.databases[1].tables[0].kmsKeyArn = "arn:aws:kms:us-east-1:111122223333:key/only-the-carrier";
      f.kms.keys = [
        {
          arn: "arn:aws:kms:us-east-1:111122223333:key/only-the-carrier",
          allowDecrypt: ["arn:aws:iam::111122223333:role/TipHarnessCarrier"],
        },
      ];
      f.lakeFormation.grants = f.lakeFormation.grants.filter(
        (g) => !("user" in g.principal && "database" in g.resource),
      );
    });
    await compareAll(variant, ["tip-analysts", "tip-plain"], [["bankdata_db", "bankdata_icebergtbl"]]);
    expect(
      readableColumns(variant, {
        userName: "arnav",
        workgroup: "tip-analysts",
        database: "bankdata_db",
        table: "bankdata_icebergtbl",
      }),
    ).toEqual({ denied: "kms" });
    expect(
      readableColumns(variant, {
        userName: "dana",
        workgroup: "tip-analysts",
        database: "bankdata_db",
        table: "bankdata_icebergtbl",
      }),
    ).toEqual({ denied: "default-describe" });
    const located = bankVariant((f) => {
      f.lakeFormation.dataLocations = [];
    });
    await compareAll(located, ["tip-analysts"], [["bankdata_db", "bankdata_icebergtbl"]]);
    expect(
      readableColumns(located, {
        userName: "wei",
        workgroup: "tip-analysts",
        database: "bankdata_db",
        table: "bankdata_icebergtbl",
      }),
    ).toEqual({ denied: "data-location" });
    const noResults = bankVariant((f) => {
      f.accessGrants.grants = f.accessGrants.grants.filter(
        (g) => "group" in g.grantee && g.grantee.group !== "MarketAnalytics",
      );
    });
    await compareAll(noResults, ["tip-analysts"], [["bankdata_db", "bankdata_icebergtbl"]]);
    expect(
      readableColumns(noResults, {
        userName: "wei",
        workgroup: "tip-analysts",
        database: "bankdata_db",
        table: "bankdata_icebergtbl",
      }),
    ).toEqual({ denied: "results-write" });
  });
});

describe("grantedTargets agrees with S3 Access Grants GetDataAccess (READ)", () => {
  for (const name of ["bank", "regional"]) {
    it(`${name}: a target is granted exactly when one of the user's scopes covers it`, async () => {
      const f = resolveFixture(name);
      const sb = await startSandbox({ fixture: f });
      started.push(sb);
      const carrier = f.iamRoles.find((r) => r.arn === f.exports.carrierRoleArn)!;
      const allScopes = [...new Set(f.accessGrants.grants.map((g) => g.scope))];
      for (const u of f.identityCenter.users) {
        const mine = grantedTargets(f, u.userName);
        const client = new S3ControlClient({
          region: f.region,
          maxAttempts: 1,
          credentials: roleCredentials(sb, carrier, u.userName),
          endpointProvider: () => ({ url: new URL(sb.endpoint) }),
        });
        for (const scope of allScopes) {
          const ok = await client
            .send(new GetDataAccessCommand({ AccountId: f.account, Target: scope, Permission: "READ" }))
            .then(
              () => true,
              () => false,
            );
          // A target is granted when one of the user's scopes covers it (gwen's teams/* covers teams/eu/*).
          const covered = mine.some((m) => scope.replace(/\*$/, "").startsWith(m.replace(/\*$/, "")));
          expect(ok, `${u.userName} READ ${scope}`).toBe(covered);
        }
        client.destroy();
      }
    });
  }
});
