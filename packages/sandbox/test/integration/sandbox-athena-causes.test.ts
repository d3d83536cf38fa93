// One text, several causes, as on AWS (audit D1/D2): every permission failure of a query starts with
// "Insufficient permissions to execute the query." and only its AthenaError.ErrorType (and the text after
// the prefix) tells the cause apart. Each cause is produced by real enforcement of fixture data. Also:
// the non-Identity Center workgroup (Lake Formation decides for the role), the throttling fault
// (Retryable), and Lake Formation's documented "rename lifts an exclusion".
import { StartQueryExecutionCommand, type QueryExecution } from "@aws-sdk/client-athena";
import { afterAll, describe, expect, it } from "vitest";
import type { Fixture } from "../../src/fixture/load.js";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { AthenaHarness } from "./sandbox-athena-helpers.js";
import { bankVariant } from "./sandbox-identity-helpers.js";

const CARRIER = {
  arn: "arn:aws:iam::111122223333:role/TipHarnessCarrier",
  name: "TipHarnessCarrier",
  roleId: "AROA2SANDBOXCARRIER1",
};
const EXEC_ROLE = "arn:aws:iam::111122223333:role/AthenaTipExecutionRole";
const TABLE_ARN = "arn:aws:glue:us-east-1:111122223333:table/bankdata_db/bankdata_icebergtbl";
const LOCATION = "s3://tip-sandbox-data/bankdata-iceberg/";
const KEY = "arn:aws:kms:us-east-1:111122223333:key/6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b";
const PREFIX = "Insufficient permissions to execute the query. ";
const SELECT = "SELECT transaction_date FROM bankdata_icebergtbl LIMIT 1";

const started: Sandbox[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
});

async function withFixture(mutate: (f: Fixture) => void): Promise<{ sb: Sandbox; h: AthenaHarness }> {
  const sb = await startSandbox({ fixture: bankVariant(mutate) });
  started.push(sb);
  return { sb, h: new AthenaHarness(() => sb, CARRIER, { workGroup: "tip-analysts", database: "bankdata_db" }) };
}
const bankTable = (f: Fixture) => f.glue.databases.find((d) => d.name === "bankdata_db")!.tables[0];
const failure = (q: QueryExecution) => ({
  state: q.Status?.State,
  reason: q.Status?.StateChangeReason,
  error: q.Status?.AthenaError,
});

describe("the shared prefix, one ErrorType per cause", () => {
  it("Lake Formation table denial: ErrorType 234", async () => {
    const { h } = await withFixture(() => undefined);
    const f = failure(await h.run("dana", SELECT));
    expect(f.reason).toBe(`${PREFIX}Insufficient Lake Formation permission(s) on bankdata_db.bankdata_icebergtbl`);
    expect(f.error).toMatchObject({ ErrorType: 234, Retryable: false });
  });

  it("no Lake Formation permission on `default`: every query fails naming `default`, ErrorType 234", async () => {
    const { h } = await withFixture((f) => {
      f.lakeFormation.grants = f.lakeFormation.grants.filter(
        (g) =>
          !(
            "database" in g.resource &&
            g.resource.database === "default" &&
            "group" in g.principal &&
            g.principal.group === "MarketAnalytics"
          ),
      );
    });
    const wei = failure(await h.run("wei", SELECT));
    expect(wei).toMatchObject({
      state: "FAILED",
      reason: `${PREFIX}Insufficient Lake Formation permission(s) on default`,
      error: { ErrorType: 234, Retryable: false },
    });
    expect(failure(await h.run("wei", "SELECT 1")).reason).toBe(
      `${PREFIX}Insufficient Lake Formation permission(s) on default`,
    );
    expect((await h.run("arnav", SELECT)).Status?.State).toBe("SUCCEEDED");
  });

  it("KMS: the execution role may not decrypt the table's key, ErrorType 1500; allowed once listed", async () => {
    const denied = await withFixture((f) => {
      bankTable(f).kmsKeyArn = KEY;
      f.kms.keys = [{ arn: KEY, allowDecrypt: [CARRIER.arn] }];
    });
    const f = failure(await denied.h.run("arnav", SELECT));
    expect(f.reason).toBe(`${PREFIX}Access to KMS key ${KEY} is denied (kms:Decrypt) while reading ${LOCATION}`);
    expect(f.error).toMatchObject({ ErrorType: 1500, Retryable: false });
    const allowed = await withFixture((x) => {
      bankTable(x).kmsKeyArn = KEY;
      x.kms.keys = [{ arn: KEY, allowDecrypt: [EXEC_ROLE] }];
    });
    expect((await allowed.h.run("arnav", SELECT)).Status?.State).toBe("SUCCEEDED");
  });

  it("S3 data location: not registered, or its registration role cannot read it, ErrorType 1501", async () => {
    const unregistered = await withFixture((f) => {
      f.lakeFormation.dataLocations = [{ location: "s3://tip-sandbox-data/marketing/" }];
    });
    const f = failure(await unregistered.h.run("arnav", SELECT));
    expect(f.reason).toBe(`${PREFIX}Amazon S3 access denied on ${LOCATION}`);
    expect(f.error).toMatchObject({ ErrorType: 1501, Retryable: false });
    const blindRole = await withFixture((x) => {
      x.lakeFormation.dataLocations = [
        {
          location: "s3://tip-sandbox-data/",
          roleArn: CARRIER.arn.replace("TipHarnessCarrier", "TipHarnessNoContext"),
        },
      ];
    });
    expect(failure(await blindRole.h.run("arnav", SELECT)).error?.ErrorType).toBe(1501);
    const fine = await withFixture((x) => {
      x.lakeFormation.dataLocations = [
        { location: "s3://tip-sandbox-data/", roleArn: "arn:aws:iam::111122223333:role/AccessGrantsLocationRole" },
      ];
    });
    expect((await fine.h.run("arnav", SELECT)).Status?.State).toBe("SUCCEEDED");
  });

  it("Glue IAM missing from the execution role: names the role session, glue:GetTable and the table, ErrorType 1500", async () => {
    const { h, sb } = await withFixture((f) => {
      f.iamRoles.find((r) => r.arn === EXEC_ROLE)!.policies = [
        { Effect: "Allow", Action: ["lakeformation:GetDataAccess", "s3:*"], Resource: "*" },
      ];
    });
    const q = await h.run("arnav", SELECT);
    const f = failure(q);
    expect(f.reason).toBe(
      `${PREFIX}User: arn:aws:sts::111122223333:assumed-role/AthenaTipExecutionRole/AthenaTIP-${q.QueryExecutionId!.slice(0, 8)} is not authorized to perform: glue:GetTable on resource: ${TABLE_ARN}`,
    );
    expect(f.error).toMatchObject({ ErrorType: 1500, Retryable: false });
    // Lake Formation was never asked: no GetDataAccess record for this query.
    expect(
      sb.trail.events.some(
        (e) =>
          e.eventSource === "lakeformation.amazonaws.com" && JSON.stringify(e.record).includes(q.QueryExecutionId!),
      ),
    ).toBe(false);
  });

  it("review s23c 1: the execution role's conditions see the user it acts for (Athena assumes it with the identity context)", async () => {
    const WEI = "9067c2a1f3-3f1e8b2a-5c4d-4e6f-8a9b-0c1d2e3f4a03";
    const { h } = await withFixture((f) => {
      f.iamRoles
        .find((r) => r.arn === EXEC_ROLE)!
        .policies.push({
          Effect: "Deny",
          Action: ["glue:GetTable"],
          Resource: "*",
          Condition: { StringEquals: { "identitystore:UserId": WEI } },
        });
    });
    expect(failure(await h.run("wei", SELECT)).error).toMatchObject({ ErrorType: 1500 });
    expect((await h.run("arnav", SELECT)).Status?.State).toBe("SUCCEEDED");
  });

  it("review s23c 2: a reader without lakeformation:GetDataAccess gets no data (the Glue IAM text, ErrorType 1500; UNVERIFIED)", async () => {
    const { h } = await withFixture((f) => {
      f.iamRoles
        .find((r) => r.arn === EXEC_ROLE)!
        .policies.push({
          Effect: "Deny",
          Action: ["lakeformation:GetDataAccess"],
          Resource: "*",
        });
    });
    const f = failure(await h.run("arnav", SELECT));
    expect(f.reason).toMatch(/is not authorized to perform: lakeformation:GetDataAccess on resource: \*$/);
    expect(f.error).toMatchObject({ ErrorType: 1500, Retryable: false });
  });

  it("review s23c 2: the caller needs lakeformation:GetDataAccess too, where the execution role reads (a Deny naming wei)", async () => {
    const WEI = "9067c2a1f3-3f1e8b2a-5c4d-4e6f-8a9b-0c1d2e3f4a03";
    const { h } = await withFixture((f) => {
      f.iamRoles
        .find((r) => r.arn === CARRIER.arn)!
        .policies.push({
          Effect: "Deny",
          Action: ["lakeformation:GetDataAccess"],
          Resource: "*",
          Condition: { StringEquals: { "identitystore:UserId": WEI } },
        });
    });
    const f = failure(await h.run("wei", SELECT));
    expect(f.reason).toMatch(
      /TipHarnessCarrier\/.* is not authorized to perform: lakeformation:GetDataAccess on resource: \*$/,
    );
    expect(f.error).toMatchObject({ ErrorType: 1500 });
    expect((await h.run("arnav", SELECT)).Status?.State).toBe("SUCCEEDED");
  });

  it("results-write refusal keeps ErrorType 401, which no data-policy cause uses", async () => {
    const { h } = await withFixture((f) => {
      f.accessGrants.grants = f.accessGrants.grants.filter((g) => !g.scope.startsWith("s3://tip-sandbox-results/"));
    });
    const f = failure(await h.run("arnav", SELECT));
    expect(f.reason).toMatch(/^Access denied when writing output to url: s3:\/\/tip-sandbox-results\/athena\//);
    expect(f.error).toMatchObject({ ErrorType: 401, Retryable: false });
    expect([234, 1500, 1501]).not.toContain(f.error?.ErrorType);
  });

  it("an Access Grants instance not associated with this Identity Center grants no results write either (review s21 F4)", async () => {
    const { h } = await withFixture((f) => {
      f.accessGrants.identityCenterInstanceArn = "arn:aws:sso:::instance/ssoins-0000000000000000";
    });
    const f = failure(await h.run("arnav", SELECT));
    expect(f.reason).toMatch(/^Access denied when writing output to url: s3:\/\/tip-sandbox-results\/athena\//);
    expect(f.error).toMatchObject({ ErrorType: 401, Retryable: false });
  });

  it("throttling fault: the query FAILS with ErrorType 1401 and Retryable true; the next one runs", async () => {
    const { h, sb } = await withFixture(() => undefined);
    sb.setFaults({ athenaQueryThrottleRate: 1 });
    const f = failure(await h.run("arnav", SELECT));
    expect(f.state).toBe("FAILED");
    expect(f.error).toMatchObject({ ErrorCategory: 1, ErrorType: 1401, Retryable: true });
    sb.setFaults({});
    expect((await h.run("arnav", SELECT)).Status?.State).toBe("SUCCEEDED");
  });
});

describe("a workgroup that is not IAM Identity Center enabled (tip-plain)", () => {
  it("Athena acts as the carrier role: every persona, in a group or not, reads every column", async () => {
    const { h } = await withFixture(() => undefined);
    for (const who of ["arnav", "wei", "dana"]) {
      const id = (
        await h.client(who).send(
          new StartQueryExecutionCommand({
            QueryString: "SELECT * FROM bankdata_icebergtbl LIMIT 1",
            WorkGroup: "tip-plain",
            QueryExecutionContext: { Database: "bankdata_db" },
          }),
        )
      ).QueryExecutionId!;
      const q = await h.waitDone(who, id);
      expect(q.Status?.State, who).toBe("SUCCEEDED");
      expect((await h.rows(who, id)).rows[0], who).toHaveLength(11);
    }
    // The same personas in the Identity Center workgroup: Lake Formation decides per person.
    expect((await h.runRows("wei", "SELECT * FROM bankdata_icebergtbl LIMIT 1")).rows[0]).toHaveLength(8);
    expect((await h.run("dana", "SELECT * FROM bankdata_icebergtbl LIMIT 1")).Status?.AthenaError?.ErrorType).toBe(234);
  });
});

describe("Lake Formation: renaming a column lifts its exclusion", () => {
  it("bank_account_number renamed to bank_acct_no (tag dropped): wei reads it; the old name is COLUMN_NOT_FOUND for everybody", async () => {
    const { h } = await withFixture((f) => {
      const col = bankTable(f).columns.find((c) => c.name === "bank_account_number")!;
      Object.assign(col, { name: "bank_acct_no", renamedFrom: "bank_account_number" });
      delete col.lfTags;
      // Column-level permissions written for the old name stay as they were (and must not break loading).
      f.lakeFormation.dataCellsFilters.push({
        name: "no_account",
        database: "bankdata_db",
        table: "bankdata_icebergtbl",
        excludedColumnNames: ["bank_account_number"],
      });
      f.lakeFormation.grants.push({
        principal: { group: "MarketAnalytics" },
        resource: {
          table: {
            database: "bankdata_db",
            name: "bankdata_icebergtbl",
            excludedColumns: ["bank_account_number", "transaction_id", "initiator_name"],
          },
        },
        permissions: ["SELECT"],
      });
    });
    const wei = await h.runRows("wei", "SELECT bank_acct_no FROM bankdata_icebergtbl LIMIT 1");
    expect(wei.q.Status?.State).toBe("SUCCEEDED");
    expect(wei.rows[1][0]).toMatch(/\S/);
    for (const who of ["arnav", "maria", "wei", "dana"]) {
      const q = await h.run(who, "SELECT bank_account_number FROM bankdata_icebergtbl");
      // Dana has no SELECT on the table at all: the table denial comes first for her.
      if (who === "dana") {
        expect(q.Status?.AthenaError?.ErrorType).toBe(234);
        continue;
      }
      expect(q.Status?.StateChangeReason, who).toBe(
        "COLUMN_NOT_FOUND: line 1:8: Column 'bank_account_number' cannot be resolved or requester is not authorized to access requested resources",
      );
    }
  });
});
