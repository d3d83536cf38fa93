// The REAL AthenaClient against the sandbox (bank fixture): Lake Formation column security per persona,
// Athena's failure texts, who may query at all, and the CloudTrail evidence.
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetWorkGroupCommand,
  StartQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { userByName } from "../../src/fixture/directory.js";
import { AthenaHarness, errorOf } from "./sandbox-athena-helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ fixture: "bank" });
});
afterAll(async () => {
  await sb?.stop();
});
const h = new AthenaHarness(
  () => sb,
  {
    arn: "arn:aws:iam::111122223333:role/TipHarnessCarrier",
    name: "TipHarnessCarrier",
    roleId: "AROA2SANDBOXCARRIER1",
  },
  { workGroup: "tip-analysts", database: "bankdata_db" },
);

const PII = ["transaction_id", "bank_account_number", "initiator_name"];
const ALL_COLUMNS = [
  "transaction_id",
  "transaction_date",
  "transaction_type",
  "transaction_amount",
  "currency",
  "bank_account_number",
  "initiator_name",
  "recipient_name",
  "merchant_category",
  "region",
  "is_flagged",
];

describe("Lake Formation column security through Athena (bank)", () => {
  it.each(["arnav", "maria"])("%s (DataScientists) sees all 11 columns and 100 rows, header first", async (who) => {
    const q = await h.run(who, "SELECT * FROM bankdata_icebergtbl");
    expect(q.Status?.State).toBe("SUCCEEDED");
    expect(q.StatementType).toBe("DML");
    expect(q.SubstatementType).toBe("SELECT");
    expect(q.Statistics?.DataScannedInBytes).toBeGreaterThan(0);
    const { rows } = await h.rows(who, q.QueryExecutionId!);
    expect(rows[0]).toEqual(ALL_COLUMNS);
    expect(rows).toHaveLength(101);
    expect(rows[1][0]).toBe("TXN-2026-00001");
  });

  it("wei (MarketAnalytics) sees 8 columns: never the three PII columns", async () => {
    const q = await h.run("wei", "SELECT * FROM bankdata_db.bankdata_icebergtbl");
    expect(q.Status?.State).toBe("SUCCEEDED");
    const { rows } = await h.rows("wei", q.QueryExecutionId!);
    expect(rows[0]).toEqual(ALL_COLUMNS.filter((c) => !PII.includes(c)));
    expect(rows).toHaveLength(101);
    const all = JSON.stringify(rows);
    expect(all).not.toContain("DE3389229776000001");
    expect(all).not.toContain("TXN-2026-00001");
  });

  it("wei selecting a PII column fails exactly like a missing column", async () => {
    const q = await h.run("wei", "SELECT bank_account_number FROM bankdata_icebergtbl");
    const text =
      "COLUMN_NOT_FOUND: line 1:8: Column 'bank_account_number' cannot be resolved or requester is not authorized to access requested resources";
    expect(q.Status?.State).toBe("FAILED");
    expect(q.Status?.StateChangeReason).toBe(text);
    expect(q.Status?.AthenaError).toEqual({ ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: text });
    expect(q.Statistics?.DataScannedInBytes).toBe(0);
    const e = await errorOf(h.client("wei").send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId })));
    expect(e).toMatchObject({
      name: "InvalidRequestException",
      message: "Query did not finish successfully. Final query state: FAILED",
      AthenaErrorCode: "INVALID_QUERY_EXECUTION_STATE",
      status: 400,
    });
  });

  it("a truly missing column gives arnav the same text; positions are 1-based line:column", async () => {
    const q = await h.run("arnav", "SELECT banana FROM bankdata_icebergtbl");
    expect(q.Status?.StateChangeReason).toBe(
      "COLUMN_NOT_FOUND: line 1:8: Column 'banana' cannot be resolved or requester is not authorized to access requested resources",
    );
    const m = await h.run("wei", "SELECT region,\n       initiator_name\nFROM bankdata_icebergtbl");
    expect(m.Status?.StateChangeReason).toMatch(
      /^COLUMN_NOT_FOUND: line 2:8: Column 'initiator_name' cannot be resolved/,
    );
  });

  it("dana (no group, no LF permission) is refused the table by Lake Formation", async () => {
    const q = await h.run("dana", "SELECT region FROM bankdata_icebergtbl");
    expect(q.Status?.State).toBe("FAILED");
    expect(q.Status?.StateChangeReason).toBe(
      "Insufficient permissions to execute the query. Insufficient Lake Formation permission(s) on bankdata_db.bankdata_icebergtbl",
    );
    expect(q.Statistics?.DataScannedInBytes).toBe(0);
  });

  it("a table missing from Glue is TABLE_NOT_FOUND with the lower-cased catalog", async () => {
    const q = await h.run("arnav", "SELECT * FROM nope_tbl");
    expect(q.Status?.StateChangeReason).toBe(
      "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.bankdata_db.nope_tbl' does not exist",
    );
    expect(q.Status?.AthenaError?.ErrorCategory).toBe(2);
  });

  it("accepts db.table, quoted and unquoted catalog-qualified names", async () => {
    for (const name of [
      "bankdata_db.bankdata_icebergtbl",
      `"awsdatacatalog"."bankdata_db"."bankdata_icebergtbl"`,
      "AwsDataCatalog.bankdata_db.bankdata_icebergtbl",
    ]) {
      const q = await h.run("wei", `SELECT count(*) FROM ${name}`);
      expect(q.Status?.State).toBe("SUCCEEDED");
      const { rows } = await h.rows("wei", q.QueryExecutionId!);
      expect(rows).toEqual([["_col0"], ["100"]]);
    }
  });

  it("a syntax error is SYNTAX_ERROR with a position", async () => {
    const q = await h.run("arnav", "SELECT * FROM bankdata_icebergtbl WHERE");
    expect(q.Status?.StateChangeReason).toMatch(/^SYNTAX_ERROR: line 1:40: /);
    expect(q.Status?.AthenaError?.ErrorCategory).toBe(2);
  });

  it("queries cannot reach files, other databases or extensions", async () => {
    const attempts = [
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM read_text('/etc/hostname')",
      "ATTACH '/tmp/x.db' AS x",
      "COPY bankdata_icebergtbl TO '/tmp/leak.csv'",
      "INSTALL httpfs",
      "LOAD httpfs",
      "SET enable_external_access = true",
      "INSERT INTO bankdata_icebergtbl SELECT * FROM bankdata_icebergtbl",
      "SELECT * FROM memory.main.bankdata_icebergtbl",
    ];
    for (const sql of attempts) {
      const q = await h.run("wei", sql);
      expect(q.Status?.State, sql).toBe("FAILED");
      expect(q.Status?.StateChangeReason, sql).not.toMatch(/root:|DE3389229776000001/);
    }
  });
});

describe("who may query", () => {
  it("IAM: the base principal may not start queries (AccessDeniedException)", async () => {
    const e = await errorOf(
      h
        .client(sb.baseCredentials)
        .send(new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "tip-analysts" })),
    );
    expect(e).toMatchObject({ name: "AccessDeniedException", status: 400 });
    expect(e.message).toBe(
      "You are not authorized to perform: athena:StartQueryExecution on the resource. After your AWS administrator or you have updated your permissions, please try again.",
    );
  });

  it("an Identity Center workgroup refuses credentials without an identity context", async () => {
    const e = await errorOf(
      h.client(h.plain()).send(new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "tip-analysts" })),
    );
    expect(e.name).toBe("InvalidRequestException");
  });

  it("refuses a user not assigned to the workgroup's application", async () => {
    const e = await errorOf(h.start("erin", "SELECT 1"));
    expect(e.name).toBe("AccessDeniedException");
  });

  it("in a plain IAM workgroup Lake Formation decides for the IAM role (here: SELECT on the table), and the role writes the results", async () => {
    const plain = h.plain();
    const { QueryExecutionId: id } = await h.client(plain).send(
      new StartQueryExecutionCommand({
        QueryString: "SELECT region FROM bankdata_icebergtbl LIMIT 1",
        WorkGroup: "tip-plain",
        QueryExecutionContext: { Database: "bankdata_db" },
      }),
    );
    const q = await h.waitDone(plain, id!);
    expect(q?.Status?.State).toBe("SUCCEEDED");
    expect(q?.ResultConfiguration?.OutputLocation).toMatch(/^s3:\/\/tip-sandbox-results\/plain\/[0-9a-f-]+\.csv$/);
    expect(q?.QueryResultsS3AccessGrantsConfiguration).toBeUndefined();
    const lf = sb.trail.events.find(
      (e) => e.eventSource === "lakeformation.amazonaws.com" && JSON.stringify(e.record).includes(id!),
    );
    expect(lf?.record.errorCode).toBeUndefined();
    expect((lf?.record.userIdentity as Record<string, unknown>).onBehalfOf).toBeUndefined();
    expect((lf?.record.userIdentity as { arn: string }).arn).toBe(
      "arn:aws:sts::111122223333:assumed-role/TipHarnessCarrier/test-plain",
    );
    // In `primary` the role may not write results (no s3:PutObject there): ErrorType 401, not a data-policy type.
    const { QueryExecutionId: id2 } = await h.client(plain).send(
      new StartQueryExecutionCommand({
        QueryString: "SELECT region FROM bankdata_icebergtbl LIMIT 1",
        WorkGroup: "primary",
        QueryExecutionContext: { Database: "bankdata_db" },
      }),
    );
    const q2 = await h.waitDone(plain, id2!);
    expect(q2?.Status?.AthenaError).toMatchObject({ ErrorType: 401, Retryable: false });
    expect(q2?.Status?.StateChangeReason).toMatch(
      /^Access denied when writing output to url: s3:\/\/tip-sandbox-results\/primary\//,
    );
  });

  it("unknown workgroup is InvalidRequestException 'WorkGroup is not found'", async () => {
    const e = await errorOf(
      h.client("arnav").send(new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "nope" })),
    );
    expect(e).toMatchObject({ name: "InvalidRequestException", message: "WorkGroup is not found" });
  });

  it("only the user who ran a query may read it", async () => {
    const q = await h.run("arnav", "SELECT transaction_id FROM bankdata_icebergtbl LIMIT 1");
    const e = await errorOf(h.client("wei").send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId })));
    expect(e.name).toBe("AccessDeniedException");
    const g = await errorOf(
      h.client("wei").send(new GetQueryExecutionCommand({ QueryExecutionId: q.QueryExecutionId })),
    );
    expect(g.name).toBe("AccessDeniedException");
  });

  it("GetWorkGroup returns the Identity Center configuration (model member names)", async () => {
    const { WorkGroup: wg } = await h
      .client(sb.baseCredentials)
      .send(new GetWorkGroupCommand({ WorkGroup: "tip-analysts" }));
    expect(wg?.Name).toBe("tip-analysts");
    expect(wg?.State).toBe("ENABLED");
    expect(wg?.CreationTime).toBeInstanceOf(Date);
    expect(wg?.IdentityCenterApplicationArn).toBe(
      "arn:aws:sso::111122223333:application/ssoins-7223b8f2c1d4e5a6/apl-9a8b7c6d5e4f3a2b",
    );
    expect(wg?.Configuration?.IdentityCenterConfiguration).toEqual({
      EnableIdentityCenter: true,
      IdentityCenterInstanceArn: sb.identifiers.instanceArn,
    });
    expect(wg?.Configuration?.ExecutionRole).toBe("arn:aws:iam::111122223333:role/AthenaTipExecutionRole");
    expect(wg?.Configuration?.QueryResultsS3AccessGrantsConfiguration).toEqual({
      EnableS3AccessGrants: true,
      CreateUserLevelPrefix: true,
      AuthenticationType: "DIRECTORY_IDENTITY",
    });
    expect(wg?.Configuration?.ResultConfiguration?.OutputLocation).toBe("s3://tip-sandbox-results/athena/");
    expect(wg?.Configuration?.EngineVersion?.EffectiveEngineVersion).toBe("Athena engine version 3");
    const e = await errorOf(h.client(sb.baseCredentials).send(new GetWorkGroupCommand({ WorkGroup: "missing" })));
    expect(e.name).toBe("InvalidRequestException");
  });
});

describe("CloudTrail evidence", () => {
  it("records StartQueryExecution with the query id and onBehalfOf, and LF GetDataAccess per table", async () => {
    const arnav = userByName(sb.fixture, "arnav")!.userId;
    const q = await h.run("arnav", "SELECT region FROM bankdata_icebergtbl LIMIT 1");
    const start = sb.trail.events.find(
      (e) =>
        e.eventName === "StartQueryExecution" &&
        (e.record.responseElements as { queryExecutionId?: string } | null)?.queryExecutionId === q.QueryExecutionId,
    );
    expect(start).toBeDefined();
    expect(start!.eventSource).toBe("athena.amazonaws.com");
    expect(start!.readOnly).toBe(false);
    expect(start!.record.requestParameters).toMatchObject({
      queryString: "SELECT region FROM bankdata_icebergtbl LIMIT 1",
      workGroup: "tip-analysts",
      queryExecutionContext: { database: "bankdata_db" },
    });
    expect((start!.record.userIdentity as { onBehalfOf?: { userId: string } }).onBehalfOf?.userId).toBe(arnav);

    const get = sb.trail.events.find(
      (e) =>
        e.eventName === "GetQueryExecution" &&
        (e.record.requestParameters as { queryExecutionId?: string }).queryExecutionId === q.QueryExecutionId,
    );
    expect(get?.readOnly).toBe(true);

    const lf = sb.trail.events.filter(
      (e) => e.eventSource === "lakeformation.amazonaws.com" && JSON.stringify(e.record).includes(q.QueryExecutionId!),
    );
    expect(lf).toHaveLength(1);
    const rec = lf[0].record as Record<string, any>;
    expect(rec.eventName).toBe("GetDataAccess");
    expect(rec.errorCode).toBeUndefined();
    expect(rec.requestParameters.tableArn).toBe(
      "arn:aws:glue:us-east-1:111122223333:table/bankdata_db/bankdata_icebergtbl",
    );
    expect(rec.userIdentity).toMatchObject({
      type: "AssumedRole",
      onBehalfOf: { userId: arnav },
      sessionContext: { sessionIssuer: { arn: "arn:aws:iam::111122223333:role/AthenaTipExecutionRole" } },
    });
    expect(JSON.stringify(rec.additionalEventData)).toContain(arnav);
    expect(rec.resources).toEqual([
      {
        accountId: "111122223333",
        type: "AWS::Glue::Table",
        ARN: "arn:aws:glue:us-east-1:111122223333:table/bankdata_db/bankdata_icebergtbl",
      },
    ]);
  });

  it("records the LF denial with errorCode, and AccessDeniedException calls with their error", async () => {
    const dana = userByName(sb.fixture, "dana")!.userId;
    const q = await h.run("dana", "SELECT * FROM bankdata_icebergtbl");
    const lf = sb.trail.events.find(
      (e) => e.eventSource === "lakeformation.amazonaws.com" && JSON.stringify(e.record).includes(q.QueryExecutionId!),
    );
    expect(lf?.record.errorCode).toBe("AccessDeniedException");
    expect((lf?.record.userIdentity as { onBehalfOf?: { userId: string } }).onBehalfOf?.userId).toBe(dana);
    await errorOf(
      h
        .client(sb.baseCredentials)
        .send(new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "tip-analysts" })),
    );
    const denied = sb.trail.events.filter(
      (e) => e.eventName === "StartQueryExecution" && e.record.errorCode === "AccessDeniedException",
    );
    expect(denied.length).toBeGreaterThan(0);
  });

  it("never puts a data value in any record", async () => {
    await h.run("arnav", "SELECT bank_account_number FROM bankdata_icebergtbl");
    const all = JSON.stringify(sb.trail.events.map((e) => e.record));
    for (const secret of ["DE3389229776000001", "Sofia Tanaka", "Litware Books"]) expect(all).not.toContain(secret);
  });
});
