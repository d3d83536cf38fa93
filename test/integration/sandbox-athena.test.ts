// The REAL AthenaClient against the sandbox (bank fixture): Lake Formation column security per persona,
// Athena's failure texts, the query lifecycle, results, access control and the CloudTrail evidence.
import {
  AthenaClient, BatchGetQueryExecutionCommand, GetQueryExecutionCommand, GetQueryResultsCommand, GetWorkGroupCommand,
  ListQueryExecutionsCommand, StartQueryExecutionCommand, StopQueryExecutionCommand, type QueryExecution,
} from "@aws-sdk/client-athena";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { identityStoreArn, userByName } from "../../src/sandbox/fixture/directory.js";

const ROLE = { arn: "arn:aws:iam::111122223333:role/TipHarnessCarrier", name: "TipHarnessCarrier", roleId: "AROA2SANDBOXCARRIER1" };
const PII = ["transaction_id", "bank_account_number", "initiator_name"];
const ALL_COLUMNS = ["transaction_id", "transaction_date", "transaction_type", "transaction_amount", "currency", "bank_account_number",
  "initiator_name", "recipient_name", "merchant_category", "region", "is_flagged"];

let sb: Sandbox;
beforeAll(async () => { sb = await startSandbox({ fixture: "bank" }); });
afterAll(async () => { await sb?.stop(); });

/** Identity-enhanced carrier-role credentials for a persona, issued directly (no STS/OIDC dependency). */
function personaCredentials(userName: string): AwsCredentialIdentity {
  const f = sb.fixture;
  const user = userByName(f, userName)!;
  const now = Date.now();
  const c = sb.credentials.issueTemporary({
    kind: "assumed-role", accountId: f.account, principalArn: ROLE.arn,
    callerArn: `arn:aws:sts::${f.account}:assumed-role/${ROLE.name}/test-${userName}`, principalId: `${ROLE.roleId}:test-${userName}`,
    role: { ...ROLE, sessionName: `test-${userName}` },
    identityContext: {
      userId: user.userId, identityStoreId: f.identityCenter.identityStoreId, identityStoreArn: identityStoreArn(f),
      instanceArn: f.identityCenter.instanceArn, applicationArn: f.exports.applicationArn, credentialId: "x", expiresAt: now + 3600e3,
    },
    chained: false, issuedAt: now, expiresAt: now + 3600e3,
  });
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
}

/** The carrier role WITHOUT an identity context (a plain AssumeRole session). */
function plainRoleCredentials(): AwsCredentialIdentity {
  const now = Date.now();
  const c = sb.credentials.issueTemporary({
    kind: "assumed-role", accountId: sb.fixture.account, principalArn: ROLE.arn, callerArn: `arn:aws:sts::111122223333:assumed-role/${ROLE.name}/plain`,
    principalId: `${ROLE.roleId}:plain`, role: { ...ROLE, sessionName: "plain" }, chained: false, issuedAt: now, expiresAt: now + 3600e3,
  });
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
}

const clients = new Map<string, AthenaClient>();
function athena(who: string | AwsCredentialIdentity): AthenaClient {
  const key = typeof who === "string" ? who : who.accessKeyId;
  let c = clients.get(key);
  if (!c) {
    c = new AthenaClient({ endpoint: sb.endpoint, region: sb.identifiers.region, maxAttempts: 1, credentials: typeof who === "string" ? personaCredentials(who) : who });
    clients.set(key, c);
  }
  return c;
}

async function start(who: string, query: string, extra: { ClientRequestToken?: string } = {}): Promise<string> {
  const out = await athena(who).send(new StartQueryExecutionCommand({
    QueryString: query, WorkGroup: "tip-analysts", QueryExecutionContext: { Database: "bankdata_db", Catalog: "AwsDataCatalog" }, ...extra,
  }));
  return out.QueryExecutionId!;
}

async function waitDone(who: string, id: string): Promise<QueryExecution> {
  for (let i = 0; i < 400; i++) {
    const { QueryExecution: q } = await athena(who).send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    if (q?.Status?.State && !["QUEUED", "RUNNING"].includes(q.Status.State)) return q;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`query ${id} did not finish`);
}

async function run(who: string, query: string): Promise<QueryExecution> {
  return waitDone(who, await start(who, query));
}

async function rowsOf(who: string, id: string, maxResults?: number): Promise<{ rows: (string | undefined)[][]; pages: number }> {
  const rows: (string | undefined)[][] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const out = await athena(who).send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: maxResults }));
    pages++;
    for (const r of out.ResultSet?.Rows ?? []) rows.push((r.Data ?? []).map((d) => d.VarCharValue));
    token = out.NextToken;
  } while (token);
  return { rows, pages };
}

async function errorOf(p: Promise<unknown>): Promise<{ name: string; message: string; AthenaErrorCode?: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const x = e as { name: string; message: string; AthenaErrorCode?: string; $metadata?: { httpStatusCode?: number } };
    return { name: x.name, message: x.message, AthenaErrorCode: x.AthenaErrorCode, status: x.$metadata?.httpStatusCode };
  }
  throw new Error("expected the call to fail");
}

describe("Lake Formation column security through Athena (bank)", () => {
  it.each(["arnav", "maria"])("%s (DataScientists) sees all 11 columns and 100 rows, header first", async (who) => {
    const q = await run(who, "SELECT * FROM bankdata_icebergtbl");
    expect(q.Status?.State).toBe("SUCCEEDED");
    expect(q.StatementType).toBe("DML");
    expect(q.SubstatementType).toBe("SELECT");
    expect(q.Statistics?.DataScannedInBytes).toBeGreaterThan(0);
    const { rows } = await rowsOf(who, q.QueryExecutionId!);
    expect(rows[0]).toEqual(ALL_COLUMNS);
    expect(rows).toHaveLength(101);
    expect(rows[1][0]).toBe("TXN-2026-00001");
  });

  it("wei (MarketAnalytics) sees 8 columns: never the three PII columns", async () => {
    const q = await run("wei", "SELECT * FROM bankdata_db.bankdata_icebergtbl");
    expect(q.Status?.State).toBe("SUCCEEDED");
    const { rows } = await rowsOf("wei", q.QueryExecutionId!);
    expect(rows[0]).toEqual(ALL_COLUMNS.filter((c) => !PII.includes(c)));
    expect(rows).toHaveLength(101);
    const all = JSON.stringify(rows);
    expect(all).not.toContain("DE3389229776000001");
    expect(all).not.toContain("TXN-2026-00001");
  });

  it("wei selecting a PII column fails exactly like a missing column", async () => {
    const q = await run("wei", "SELECT bank_account_number FROM bankdata_icebergtbl");
    const text = "COLUMN_NOT_FOUND: line 1:8: Column 'bank_account_number' cannot be resolved or requester is not authorized to access requested resources";
    expect(q.Status?.State).toBe("FAILED");
    expect(q.Status?.StateChangeReason).toBe(text);
    expect(q.Status?.AthenaError).toEqual({ ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: text });
    expect(q.Statistics?.DataScannedInBytes).toBe(0);
    const e = await errorOf(athena("wei").send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId })));
    expect(e).toMatchObject({ name: "InvalidRequestException", message: "Query did not finish successfully. Final query state: FAILED", AthenaErrorCode: "INVALID_QUERY_EXECUTION_STATE", status: 400 });
  });

  it("a truly missing column gives arnav the same text; positions are 1-based line:column", async () => {
    const q = await run("arnav", "SELECT banana FROM bankdata_icebergtbl");
    expect(q.Status?.StateChangeReason).toBe("COLUMN_NOT_FOUND: line 1:8: Column 'banana' cannot be resolved or requester is not authorized to access requested resources");
    const m = await run("wei", "SELECT region,\n       initiator_name\nFROM bankdata_icebergtbl");
    expect(m.Status?.StateChangeReason).toMatch(/^COLUMN_NOT_FOUND: line 2:8: Column 'initiator_name' cannot be resolved/);
  });

  it("dana (no group, no LF permission) is refused the table by Lake Formation", async () => {
    const q = await run("dana", "SELECT region FROM bankdata_icebergtbl");
    expect(q.Status?.State).toBe("FAILED");
    expect(q.Status?.StateChangeReason).toBe("Insufficient permissions to execute the query. Insufficient Lake Formation permission(s) on bankdata_db.bankdata_icebergtbl");
    expect(q.Statistics?.DataScannedInBytes).toBe(0);
  });

  it("a table missing from Glue is TABLE_NOT_FOUND with the lower-cased catalog", async () => {
    const q = await run("arnav", "SELECT * FROM nope_tbl");
    expect(q.Status?.StateChangeReason).toBe("TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.bankdata_db.nope_tbl' does not exist");
    expect(q.Status?.AthenaError?.ErrorCategory).toBe(2);
  });

  it("accepts db.table, quoted and unquoted catalog-qualified names", async () => {
    for (const name of ["bankdata_db.bankdata_icebergtbl", `"awsdatacatalog"."bankdata_db"."bankdata_icebergtbl"`, "AwsDataCatalog.bankdata_db.bankdata_icebergtbl"]) {
      const q = await run("wei", `SELECT count(*) FROM ${name}`);
      expect(q.Status?.State).toBe("SUCCEEDED");
      const { rows } = await rowsOf("wei", q.QueryExecutionId!);
      expect(rows).toEqual([["_col0"], ["100"]]);
    }
  });

  it("a syntax error is SYNTAX_ERROR with a position", async () => {
    const q = await run("arnav", "SELECT * FROM bankdata_icebergtbl WHERE");
    expect(q.Status?.StateChangeReason).toMatch(/^SYNTAX_ERROR: line 1:40: /);
    expect(q.Status?.AthenaError?.ErrorCategory).toBe(2);
  });

  it("queries cannot reach files, other databases or extensions", async () => {
    const attempts = [
      "SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM read_text('/etc/hostname')",
      "ATTACH '/tmp/x.db' AS x", "COPY bankdata_icebergtbl TO '/tmp/leak.csv'", "INSTALL httpfs", "LOAD httpfs",
      "SET enable_external_access = true", "INSERT INTO bankdata_icebergtbl SELECT * FROM bankdata_icebergtbl",
      "SELECT * FROM memory.main.bankdata_icebergtbl",
    ];
    for (const sql of attempts) {
      const q = await run("wei", sql);
      expect(q.Status?.State, sql).toBe("FAILED");
      expect(q.Status?.StateChangeReason, sql).not.toMatch(/root:|DE3389229776000001/);
    }
  });
});

describe("query lifecycle and results", () => {
  it("shows QUEUED, then RUNNING, then SUCCEEDED on the sandbox clock; early GetQueryResults is refused", async () => {
    sb.setFaults({ athenaQueuedMs: 60_000, athenaRunningMs: 60_000 });
    try {
      const id = await start("arnav", "SELECT region FROM bankdata_icebergtbl");
      const get = async () => (await athena("arnav").send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
      expect((await get()).Status?.State).toBe("QUEUED");
      const early = await errorOf(athena("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: id })));
      expect(early).toMatchObject({ name: "InvalidRequestException", message: "Query has not yet finished. Current state: QUEUED", AthenaErrorCode: "INVALID_QUERY_EXECUTION_STATE" });
      sb.clock.advance(60_000);
      expect((await get()).Status?.State).toBe("RUNNING");
      const running = await errorOf(athena("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: id })));
      expect(running.message).toBe("Query has not yet finished. Current state: RUNNING");
      sb.clock.advance(60_000);
      const done = await waitDone("arnav", id);
      expect(done.Status?.State).toBe("SUCCEEDED");
      expect(done.Status?.CompletionDateTime).toBeInstanceOf(Date);
      expect(done.Statistics?.QueryQueueTimeInMillis).toBe(60_000);
      expect(done.Statistics?.TotalExecutionTimeInMillis).toBeGreaterThanOrEqual(120_000);
    } finally {
      sb.setFaults({});
    }
  });

  it("pages with NextToken; the header row counts against MaxResults on page 1", async () => {
    const q = await run("arnav", "SELECT transaction_id FROM bankdata_icebergtbl");
    const first = await athena("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId, MaxResults: 40 }));
    expect(first.ResultSet?.Rows).toHaveLength(40);
    expect(first.ResultSet?.Rows?.[0].Data?.[0].VarCharValue).toBe("transaction_id");
    expect(first.NextToken).toBeTruthy();
    const { rows, pages } = await rowsOf("arnav", q.QueryExecutionId!, 40);
    expect(pages).toBe(3);
    expect(rows).toHaveLength(101);
    expect(rows.filter((r) => r[0] === "transaction_id")).toHaveLength(1);
    const tooMany = await errorOf(athena("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId, MaxResults: 1001 })));
    expect(tooMany).toMatchObject({ name: "InvalidRequestException", message: "MaxResults is more than maximum allowed length 1000", AthenaErrorCode: "INVALID_INPUT" });
    const bad = await errorOf(athena("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId, NextToken: "garbage" })));
    expect(bad).toMatchObject({ message: "Malformed nextPageToken garbage", AthenaErrorCode: "INVALID_INPUT" });
    const unknown = await errorOf(athena("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: "00000000-0000-4000-8000-000000000000" })));
    expect(unknown).toMatchObject({ message: "QueryExecution 00000000-0000-4000-8000-000000000000 was not found", AthenaErrorCode: "QUERY_EXECUTION_NOT_FOUND" });
  });

  it("returns NULL as a Datum without VarCharValue and Athena's ColumnInfo", async () => {
    const q = await run("arnav", "SELECT transaction_id, recipient_name, transaction_amount, transaction_date, is_flagged, upper(currency) FROM bankdata_icebergtbl WHERE transaction_id = 'TXN-2026-00002'");
    const out = await athena("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
    const data = out.ResultSet!.Rows![1].Data!;
    expect(data[1]).toEqual({});
    expect(data.map((d) => d.VarCharValue)).toEqual(["TXN-2026-00002", undefined, "1322.60", "2026-02-20", "false", "SGD"]);
    const info = out.ResultSet!.ResultSetMetadata!.ColumnInfo!;
    expect(info.map((c) => [c.Name, c.Type])).toEqual([
      ["transaction_id", "varchar"], ["recipient_name", "varchar"], ["transaction_amount", "decimal"],
      ["transaction_date", "date"], ["is_flagged", "boolean"], ["_col5", "varchar"],
    ]);
    expect(info[2]).toMatchObject({ Precision: 12, Scale: 2, Nullable: "UNKNOWN", CaseSensitive: false });
    expect(info[0]).toMatchObject({ Label: "transaction_id", Nullable: "UNKNOWN", CaseSensitive: true });
  });

  it("writes the CSV result under the user's prefix of the workgroup output location", async () => {
    const q = await run("maria", "SELECT transaction_id, recipient_name FROM bankdata_icebergtbl WHERE transaction_id IN ('TXN-2026-00001', 'TXN-2026-00002') ORDER BY 1");
    const userId = userByName(sb.fixture, "maria")!.userId;
    expect(q.ResultConfiguration?.OutputLocation).toBe(`s3://tip-sandbox-results/athena/${userId}/${q.QueryExecutionId}.csv`);
    expect(q.QueryResultsS3AccessGrantsConfiguration).toEqual({ EnableS3AccessGrants: true, CreateUserLevelPrefix: true, AuthenticationType: "DIRECTORY_IDENTITY" });
    // Read the object back through the sandbox's S3 (the carrier role's own IAM allows s3:GetObject).
    const s3 = new S3Client({ endpoint: sb.endpoint, region: sb.identifiers.region, forcePathStyle: true, maxAttempts: 1, credentials: plainRoleCredentials() });
    const body = await (await s3.send(new GetObjectCommand({ Bucket: "tip-sandbox-results", Key: `athena/${userId}/${q.QueryExecutionId}.csv` }))).Body!.transformToString();
    expect(body).toBe('"transaction_id","recipient_name"\n"TXN-2026-00001","Litware Books"\n"TXN-2026-00002",\n');
  });

  it("StopQueryExecution cancels a running query; results are then not found; stopping again is a no-op", async () => {
    sb.setFaults({ athenaQueuedMs: 60_000, athenaRunningMs: 60_000 });
    try {
      const id = await start("arnav", "SELECT * FROM bankdata_icebergtbl");
      await athena("arnav").send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
      const q = (await athena("arnav").send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
      expect(q.Status?.State).toBe("CANCELLED");
      expect(q.Status?.StateChangeReason).toBe("Query cancelled by user");
      const e = await errorOf(athena("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: id })));
      expect(e).toMatchObject({ name: "InvalidRequestException", message: "Could not find results", AthenaErrorCode: "RESULT_NOT_FOUND" });
      const again = await athena("arnav").send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
      expect(again.$metadata.httpStatusCode).toBe(200);
    } finally {
      sb.setFaults({});
    }
  });

  it("ClientRequestToken is idempotent: same parameters → same id; different parameters → error", async () => {
    const token = "tok-0123456789abcdef0123456789abcdef";
    const a = await start("arnav", "SELECT 1", { ClientRequestToken: token });
    const b = await start("arnav", "SELECT 1", { ClientRequestToken: token });
    expect(b).toBe(a);
    const e = await errorOf(start("arnav", "SELECT 2", { ClientRequestToken: token }));
    expect(e.name).toBe("InvalidRequestException");
  });

  it("validates QueryString length (1–262144 bytes)", async () => {
    const e = await errorOf(start("arnav", `SELECT '${"x".repeat(262_144)}'`));
    expect(e.name).toBe("InvalidRequestException");
  });

  it("BatchGetQueryExecution and ListQueryExecutions see the caller's own queries", async () => {
    const q = await run("wei", "SELECT 42");
    const batch = await athena("wei").send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: [q.QueryExecutionId!, "does-not-exist"] }));
    expect(batch.QueryExecutions?.map((x) => x.QueryExecutionId)).toEqual([q.QueryExecutionId]);
    expect(batch.UnprocessedQueryExecutionIds?.[0].QueryExecutionId).toBe("does-not-exist");
    const list = await athena("wei").send(new ListQueryExecutionsCommand({ WorkGroup: "tip-analysts" }));
    expect(list.QueryExecutionIds).toContain(q.QueryExecutionId);
    const others = await athena("arnav").send(new ListQueryExecutionsCommand({ WorkGroup: "tip-analysts" }));
    expect(others.QueryExecutionIds).not.toContain(q.QueryExecutionId);
  });
});

describe("who may query", () => {
  it("IAM: the base principal may not start queries (AccessDeniedException)", async () => {
    const e = await errorOf(athena(sb.baseCredentials).send(new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "tip-analysts" })));
    expect(e).toMatchObject({ name: "AccessDeniedException", status: 400 });
    expect(e.message).toBe("You are not authorized to perform: athena:StartQueryExecution on the resource. After your AWS administrator or you have updated your permissions, please try again.");
  });

  it("an Identity Center workgroup refuses credentials without an identity context", async () => {
    const e = await errorOf(athena(plainRoleCredentials()).send(new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "tip-analysts" })));
    expect(e.name).toBe("InvalidRequestException");
  });

  it("refuses a user not assigned to the workgroup's application", async () => {
    const e = await errorOf(start("erin", "SELECT 1"));
    expect(e.name).toBe("AccessDeniedException");
  });

  it("unknown workgroup is InvalidRequestException 'WorkGroup is not found'", async () => {
    const e = await errorOf(athena("arnav").send(new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "nope" })));
    expect(e).toMatchObject({ name: "InvalidRequestException", message: "WorkGroup is not found" });
  });

  it("only the user who ran a query may read it", async () => {
    const q = await run("arnav", "SELECT transaction_id FROM bankdata_icebergtbl LIMIT 1");
    const e = await errorOf(athena("wei").send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId })));
    expect(e.name).toBe("AccessDeniedException");
    const g = await errorOf(athena("wei").send(new GetQueryExecutionCommand({ QueryExecutionId: q.QueryExecutionId })));
    expect(g.name).toBe("AccessDeniedException");
  });

  it("GetWorkGroup returns the Identity Center configuration (model member names)", async () => {
    const { WorkGroup: wg } = await athena(sb.baseCredentials).send(new GetWorkGroupCommand({ WorkGroup: "tip-analysts" }));
    expect(wg?.Name).toBe("tip-analysts");
    expect(wg?.State).toBe("ENABLED");
    expect(wg?.CreationTime).toBeInstanceOf(Date);
    expect(wg?.IdentityCenterApplicationArn).toBe("arn:aws:sso::111122223333:application/ssoins-7223b8f2c1d4e5a6/apl-9a8b7c6d5e4f3a2b");
    expect(wg?.Configuration?.IdentityCenterConfiguration).toEqual({ EnableIdentityCenter: true, IdentityCenterInstanceArn: sb.identifiers.instanceArn });
    expect(wg?.Configuration?.ExecutionRole).toBe("arn:aws:iam::111122223333:role/AthenaTipExecutionRole");
    expect(wg?.Configuration?.QueryResultsS3AccessGrantsConfiguration).toEqual({ EnableS3AccessGrants: true, CreateUserLevelPrefix: true, AuthenticationType: "DIRECTORY_IDENTITY" });
    expect(wg?.Configuration?.ResultConfiguration?.OutputLocation).toBe("s3://tip-sandbox-results/athena/");
    expect(wg?.Configuration?.EngineVersion?.EffectiveEngineVersion).toBe("Athena engine version 3");
    const e = await errorOf(athena(sb.baseCredentials).send(new GetWorkGroupCommand({ WorkGroup: "missing" })));
    expect(e.name).toBe("InvalidRequestException");
  });
});

describe("CloudTrail evidence", () => {
  it("records StartQueryExecution with the query id and onBehalfOf, and LF GetDataAccess per table", async () => {
    const arnav = userByName(sb.fixture, "arnav")!.userId;
    const q = await run("arnav", "SELECT region FROM bankdata_icebergtbl LIMIT 1");
    const start = sb.trail.events.find((e) => e.eventName === "StartQueryExecution" && (e.record.responseElements as { queryExecutionId?: string } | null)?.queryExecutionId === q.QueryExecutionId);
    expect(start).toBeDefined();
    expect(start!.eventSource).toBe("athena.amazonaws.com");
    expect(start!.readOnly).toBe(false);
    expect(start!.record.requestParameters).toMatchObject({ queryString: "SELECT region FROM bankdata_icebergtbl LIMIT 1", workGroup: "tip-analysts", queryExecutionContext: { database: "bankdata_db" } });
    expect((start!.record.userIdentity as { onBehalfOf?: { userId: string } }).onBehalfOf?.userId).toBe(arnav);

    const get = sb.trail.events.find((e) => e.eventName === "GetQueryExecution" && (e.record.requestParameters as { queryExecutionId?: string }).queryExecutionId === q.QueryExecutionId);
    expect(get?.readOnly).toBe(true);

    const lf = sb.trail.events.filter((e) => e.eventSource === "lakeformation.amazonaws.com" && JSON.stringify(e.record).includes(q.QueryExecutionId!));
    expect(lf).toHaveLength(1);
    const rec = lf[0].record as Record<string, any>;
    expect(rec.eventName).toBe("GetDataAccess");
    expect(rec.errorCode).toBeUndefined();
    expect(rec.requestParameters.tableArn).toBe("arn:aws:glue:us-east-1:111122223333:table/bankdata_db/bankdata_icebergtbl");
    expect(rec.userIdentity).toMatchObject({ type: "AssumedRole", onBehalfOf: { userId: arnav }, sessionContext: { sessionIssuer: { arn: "arn:aws:iam::111122223333:role/AthenaTipExecutionRole" } } });
    expect(JSON.stringify(rec.additionalEventData)).toContain(arnav);
    expect(rec.resources).toEqual([{ accountId: "111122223333", type: "AWS::Glue::Table", ARN: "arn:aws:glue:us-east-1:111122223333:table/bankdata_db/bankdata_icebergtbl" }]);
  });

  it("records the LF denial with errorCode, and AccessDeniedException calls with their error", async () => {
    const dana = userByName(sb.fixture, "dana")!.userId;
    const q = await run("dana", "SELECT * FROM bankdata_icebergtbl");
    const lf = sb.trail.events.find((e) => e.eventSource === "lakeformation.amazonaws.com" && JSON.stringify(e.record).includes(q.QueryExecutionId!));
    expect(lf?.record.errorCode).toBe("AccessDeniedException");
    expect((lf?.record.userIdentity as { onBehalfOf?: { userId: string } }).onBehalfOf?.userId).toBe(dana);
    await errorOf(athena(sb.baseCredentials).send(new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "tip-analysts" })));
    const denied = sb.trail.events.filter((e) => e.eventName === "StartQueryExecution" && e.record.errorCode === "AccessDeniedException");
    expect(denied.length).toBeGreaterThan(0);
  });

  it("never puts a data value in any record", async () => {
    await run("arnav", "SELECT bank_account_number FROM bankdata_icebergtbl");
    const all = JSON.stringify(sb.trail.events.map((e) => e.record));
    for (const secret of ["DE3389229776000001", "Sofia Tanaka", "Litware Books"]) expect(all).not.toContain(secret);
  });
});
