// The REAL AthenaClient against the sandbox (bank fixture): the query lifecycle on the sandbox clock,
// result pages and types, the CSV result object, cancellation, idempotency and listing.
import {
  BatchGetQueryExecutionCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  ListQueryExecutionsCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
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
const CARRIER = {
  arn: "arn:aws:iam::111122223333:role/TipHarnessCarrier",
  name: "TipHarnessCarrier",
  roleId: "AROA2SANDBOXCARRIER1",
};
const DEFAULTS = { workGroup: "tip-analysts", database: "bankdata_db" };
const h = new AthenaHarness(() => sb, CARRIER, DEFAULTS);

describe("query lifecycle and results", () => {
  it("shows QUEUED, then RUNNING, then SUCCEEDED on the sandbox clock; early GetQueryResults is refused", async () => {
    sb.setFaults({ athenaQueuedMs: 60_000, athenaRunningMs: 60_000 });
    try {
      const id = await h.start("arnav", "SELECT region FROM bankdata_icebergtbl");
      const get = async () =>
        (await h.client("arnav").send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
      expect((await get()).Status?.State).toBe("QUEUED");
      const early = await errorOf(h.client("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: id })));
      expect(early).toMatchObject({
        name: "InvalidRequestException",
        message: "Query has not yet finished. Current state: QUEUED",
        AthenaErrorCode: "INVALID_QUERY_EXECUTION_STATE",
      });
      sb.clock.advance(60_000);
      expect((await get()).Status?.State).toBe("RUNNING");
      const running = await errorOf(h.client("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: id })));
      expect(running.message).toBe("Query has not yet finished. Current state: RUNNING");
      sb.clock.advance(60_000);
      const done = await h.waitDone("arnav", id);
      expect(done.Status?.State).toBe("SUCCEEDED");
      expect(done.Status?.CompletionDateTime).toBeInstanceOf(Date);
      expect(done.Statistics?.QueryQueueTimeInMillis).toBe(60_000);
      expect(done.Statistics?.TotalExecutionTimeInMillis).toBeGreaterThanOrEqual(120_000);
    } finally {
      sb.setFaults({});
    }
  });

  it("pages with NextToken; the header row counts against MaxResults on page 1", async () => {
    const q = await h.run("arnav", "SELECT transaction_id FROM bankdata_icebergtbl");
    const first = await h
      .client("arnav")
      .send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId, MaxResults: 40 }));
    expect(first.ResultSet?.Rows).toHaveLength(40);
    expect(first.ResultSet?.Rows?.[0].Data?.[0].VarCharValue).toBe("transaction_id");
    expect(first.NextToken).toBeTruthy();
    const { rows, pages } = await h.rows("arnav", q.QueryExecutionId!, 40);
    expect(pages).toBe(3);
    expect(rows).toHaveLength(101);
    expect(rows.filter((r) => r[0] === "transaction_id")).toHaveLength(1);
    const tooMany = await errorOf(
      h.client("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId, MaxResults: 1001 })),
    );
    expect(tooMany).toMatchObject({
      name: "InvalidRequestException",
      message: "MaxResults is more than maximum allowed length 1000",
      AthenaErrorCode: "INVALID_INPUT",
    });
    const bad = await errorOf(
      h
        .client("arnav")
        .send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId, NextToken: "garbage" })),
    );
    expect(bad).toMatchObject({ message: "Malformed nextPageToken garbage", AthenaErrorCode: "INVALID_INPUT" });
    const unknown = await errorOf(
      h.client("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: "00000000-0000-4000-8000-000000000000" })),
    );
    expect(unknown).toMatchObject({
      message: "QueryExecution 00000000-0000-4000-8000-000000000000 was not found",
      AthenaErrorCode: "QUERY_EXECUTION_NOT_FOUND",
    });
  });

  it("returns NULL as a Datum without VarCharValue and Athena's ColumnInfo", async () => {
    const q = await h.run(
      "arnav",
      "SELECT transaction_id, recipient_name, transaction_amount, transaction_date, is_flagged, upper(currency) FROM bankdata_icebergtbl WHERE transaction_id = 'TXN-2026-00002'",
    );
    const out = await h.client("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
    const data = out.ResultSet!.Rows![1].Data!;
    expect(data[1]).toEqual({});
    expect(data.map((d) => d.VarCharValue)).toEqual([
      "TXN-2026-00002",
      undefined,
      "1322.60",
      "2026-02-20",
      "false",
      "SGD",
    ]);
    const info = out.ResultSet!.ResultSetMetadata!.ColumnInfo!;
    expect(info.map((c) => [c.Name, c.Type])).toEqual([
      ["transaction_id", "varchar"],
      ["recipient_name", "varchar"],
      ["transaction_amount", "decimal"],
      ["transaction_date", "date"],
      ["is_flagged", "boolean"],
      ["_col5", "varchar"],
    ]);
    expect(info[2]).toMatchObject({ Precision: 12, Scale: 2, Nullable: "UNKNOWN", CaseSensitive: false });
    expect(info[0]).toMatchObject({ Label: "transaction_id", Nullable: "UNKNOWN", CaseSensitive: true });
  });

  it("writes the CSV result under the user's prefix of the workgroup output location", async () => {
    const q = await h.run(
      "maria",
      "SELECT transaction_id, recipient_name FROM bankdata_icebergtbl WHERE transaction_id IN ('TXN-2026-00001', 'TXN-2026-00002') ORDER BY 1",
    );
    const userId = userByName(sb.fixture, "maria")!.userId;
    expect(q.ResultConfiguration?.OutputLocation).toBe(
      `s3://tip-sandbox-results/athena/${userId}/${q.QueryExecutionId}.csv`,
    );
    expect(q.QueryResultsS3AccessGrantsConfiguration).toEqual({
      EnableS3AccessGrants: true,
      CreateUserLevelPrefix: true,
      AuthenticationType: "DIRECTORY_IDENTITY",
    });
    // Read the object back through the sandbox's S3 (the carrier role's own IAM allows s3:GetObject).
    const s3 = new S3Client({
      endpoint: sb.endpoint,
      region: sb.identifiers.region,
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: h.plain(),
    });
    const body = await (
      await s3.send(
        new GetObjectCommand({ Bucket: "tip-sandbox-results", Key: `athena/${userId}/${q.QueryExecutionId}.csv` }),
      )
    ).Body!.transformToString();
    expect(body).toBe('"transaction_id","recipient_name"\n"TXN-2026-00001","Litware Books"\n"TXN-2026-00002",\n');
  });

  it("StopQueryExecution cancels a running query; results are then not found; stopping again is a no-op", async () => {
    sb.setFaults({ athenaQueuedMs: 60_000, athenaRunningMs: 60_000 });
    try {
      const id = await h.start("arnav", "SELECT * FROM bankdata_icebergtbl");
      await h.client("arnav").send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
      const q = (await h.client("arnav").send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
      expect(q.Status?.State).toBe("CANCELLED");
      expect(q.Status?.StateChangeReason).toBe("Query cancelled by user");
      const e = await errorOf(h.client("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: id })));
      expect(e).toMatchObject({
        name: "InvalidRequestException",
        message: "Could not find results",
        AthenaErrorCode: "RESULT_NOT_FOUND",
      });
      const again = await h.client("arnav").send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
      expect(again.$metadata.httpStatusCode).toBe(200);
    } finally {
      sb.setFaults({});
    }
  });

  it("a query past the workgroup's per-query data limit is CANCELLED, with what it scanned (reason text UNVERIFIED)", async () => {
    const fixture = structuredClone(sb.fixture);
    fixture.athena.workgroups.find((w) => w.name === "tip-analysts")!.bytesScannedCutoffPerQuery = 1;
    const other = await startSandbox({ fixture });
    try {
      const oh = new AthenaHarness(() => other, CARRIER, DEFAULTS);
      const id = await oh.start("arnav", "SELECT region FROM bankdata_icebergtbl");
      const q = await oh.waitDone("arnav", id);
      expect(q.Status?.State).toBe("CANCELLED");
      expect(q.Status?.StateChangeReason).toMatch(/data scan limit of 1 bytes/);
      expect(q.Statistics?.DataScannedInBytes).toBeGreaterThan(1);
      const e = await errorOf(oh.client("arnav").send(new GetQueryResultsCommand({ QueryExecutionId: id })));
      expect(e).toMatchObject({ AthenaErrorCode: "RESULT_NOT_FOUND" });
    } finally {
      await other.stop();
    }
  });

  it("ClientRequestToken is idempotent: same parameters → same id; different parameters → error", async () => {
    const token = "tok-0123456789abcdef0123456789abcdef";
    const a = await h.start("arnav", "SELECT 1", { ClientRequestToken: token });
    const b = await h.start("arnav", "SELECT 1", { ClientRequestToken: token });
    expect(b).toBe(a);
    const e = await errorOf(h.start("arnav", "SELECT 2", { ClientRequestToken: token }));
    expect(e.name).toBe("InvalidRequestException");
  });

  it("validates QueryString length (1–262144 bytes)", async () => {
    const e = await errorOf(h.start("arnav", `SELECT '${"x".repeat(262_144)}'`));
    expect(e.name).toBe("InvalidRequestException");
  });

  it("BatchGetQueryExecution and ListQueryExecutions see the caller's own queries", async () => {
    const q = await h.run("wei", "SELECT 42");
    const batch = await h
      .client("wei")
      .send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: [q.QueryExecutionId!, "does-not-exist"] }));
    expect(batch.QueryExecutions?.map((x) => x.QueryExecutionId)).toEqual([q.QueryExecutionId]);
    expect(batch.UnprocessedQueryExecutionIds?.[0].QueryExecutionId).toBe("does-not-exist");
    const list = await h.client("wei").send(new ListQueryExecutionsCommand({ WorkGroup: "tip-analysts" }));
    expect(list.QueryExecutionIds).toContain(q.QueryExecutionId);
    const others = await h.client("arnav").send(new ListQueryExecutionsCommand({ WorkGroup: "tip-analysts" }));
    expect(others.QueryExecutionIds).not.toContain(q.QueryExecutionId);
  });
});
