// Athena (awsJson1_1) through the real AthenaClient with identity-enhanced credentials from the
// sandbox's own chain: the seven emulated operations succeed with model-conforming bodies, and every
// InvalidRequestException the sandbox raises carries the AthenaErrorCode of aws-wire-facts §3.4.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BatchGetQueryExecutionCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetWorkGroupCommand,
  ListQueryExecutionsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type BatchGetQueryExecutionCommandOutput,
  type GetWorkGroupCommandOutput,
  type GetQueryExecutionCommandOutput,
  type GetQueryResultsCommandOutput,
  type ListQueryExecutionsCommandOutput,
  type StartQueryExecutionCommandOutput,
} from "@aws-sdk/client-athena";
import { startSandbox, type Sandbox } from "../../src/index.js";
import { personaCredentials, send, type Sent } from "../helpers/fidelity-kit.js";
import type { SigningCredentials } from "../helpers/wire-capture.js";
import { ErrorCoverage, expectAwsError, expectOk } from "./expect.js";
import { DENIED_COLUMN_QUERY, NULL_QUERY } from "./golden-cases.js";

let sb: Sandbox;
let arnav: SigningCredentials;
let wei: SigningCredentials;
let succeeded = "";
let failed = "";
const coverage = new ErrorCoverage("athena");
const OPS = [
  "StartQueryExecution",
  "GetQueryExecution",
  "GetQueryResults",
  "StopQueryExecution",
  "BatchGetQueryExecution",
  "ListQueryExecutions",
  "GetWorkGroup",
];

const athena = <T = Record<string, unknown>>(
  command: { constructor: { name: string }; input: unknown },
  credentials: SigningCredentials = arnav,
) => send<T>(sb, "athena", command, { credentials });
const start = async (sql: string, credentials = arnav) =>
  expectOk(
    "athena",
    await athena<StartQueryExecutionCommandOutput>(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: "tip-analysts",
        QueryExecutionContext: { Database: "bankdata_db" },
      }),
      credentials,
    ),
  ).QueryExecutionId!;
async function settle(id: string, credentials = arnav): Promise<Sent<GetQueryExecutionCommandOutput>> {
  for (let i = 0; i < 200; i++) {
    const s = await athena<GetQueryExecutionCommandOutput>(
      new GetQueryExecutionCommand({ QueryExecutionId: id }),
      credentials,
    );
    if (!["QUEUED", "RUNNING"].includes(String(s.output?.QueryExecution?.Status?.State))) return s;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`query ${id} did not finish`);
}

beforeAll(async () => {
  sb = await startSandbox();
  [arnav, wei] = await Promise.all([personaCredentials(sb, "arnav"), personaCredentials(sb, "wei")]);
  [succeeded, failed] = await Promise.all([start(NULL_QUERY), start(DENIED_COLUMN_QUERY, wei)]);
});
afterAll(async () => {
  await sb?.stop();
});

describe("Athena successes", () => {
  it("GetQueryExecution: SUCCEEDED and FAILED executions conform to QueryExecution", async () => {
    expect(expectOk("athena", await settle(succeeded)).QueryExecution?.Status?.State).toBe("SUCCEEDED");
    expect(expectOk("athena", await settle(failed, wei)).QueryExecution?.Status?.State).toBe("FAILED");
  });

  it("GetQueryResults: header row, NULL as {}, and a paginated page with NextToken", async () => {
    const all = expectOk(
      "athena",
      await athena<GetQueryResultsCommandOutput>(new GetQueryResultsCommand({ QueryExecutionId: succeeded })),
    );
    expect(all.ResultSet?.Rows).toEqual([
      { Data: [{ VarCharValue: "region" }, { VarCharValue: "note" }] },
      { Data: [{ VarCharValue: "EU" }, {}] },
    ]);
    const page = expectOk(
      "athena",
      await athena<GetQueryResultsCommandOutput>(
        new GetQueryResultsCommand({ QueryExecutionId: succeeded, MaxResults: 1 }),
      ),
    );
    expect(page.NextToken).toBeTruthy();
    expectOk(
      "athena",
      await athena(new GetQueryResultsCommand({ QueryExecutionId: succeeded, NextToken: page.NextToken })),
    );
  });

  it("StopQueryExecution, BatchGetQueryExecution (with an unprocessed id), ListQueryExecutions, GetWorkGroup conform", async () => {
    expectOk("athena", await athena(new StopQueryExecutionCommand({ QueryExecutionId: succeeded })));
    const batch = expectOk(
      "athena",
      await athena<BatchGetQueryExecutionCommandOutput>(
        new BatchGetQueryExecutionCommand({ QueryExecutionIds: [succeeded, "00000000-0000-4000-8000-000000000000"] }),
      ),
    );
    expect(batch.UnprocessedQueryExecutionIds).toHaveLength(1);
    expect(
      expectOk(
        "athena",
        await athena<ListQueryExecutionsCommandOutput>(new ListQueryExecutionsCommand({ WorkGroup: "tip-analysts" })),
      ).QueryExecutionIds,
    ).toContain(succeeded);
    for (const WorkGroup of ["tip-analysts", "primary"])
      expectOk("athena", await athena(new GetWorkGroupCommand({ WorkGroup })));
  });

  it("GetWorkGroup carries what a preflight needs: IdC configuration and application, execution role, S3 Access Grants, output location", async () => {
    const idc = expectOk(
      "athena",
      await athena<GetWorkGroupCommandOutput>(new GetWorkGroupCommand({ WorkGroup: "tip-analysts" })),
    ).WorkGroup!;
    expect(idc.IdentityCenterApplicationArn).toBe(
      "arn:aws:sso::111122223333:application/ssoins-7223b8f2c1d4e5a6/apl-9a8b7c6d5e4f3a2b",
    );
    expect(idc.Configuration).toMatchObject({
      IdentityCenterConfiguration: {
        EnableIdentityCenter: true,
        IdentityCenterInstanceArn: "arn:aws:sso:::instance/ssoins-7223b8f2c1d4e5a6",
      },
      ExecutionRole: "arn:aws:iam::111122223333:role/AthenaTipExecutionRole",
      QueryResultsS3AccessGrantsConfiguration: {
        EnableS3AccessGrants: true,
        CreateUserLevelPrefix: true,
        AuthenticationType: "DIRECTORY_IDENTITY",
      },
      ResultConfiguration: { OutputLocation: "s3://tip-sandbox-results/athena/" },
      EnforceWorkGroupConfiguration: true,
    });
    // The base principal may read it too (athena:GetWorkGroup), as a preflight would.
    const plain = expectOk(
      "athena",
      await athena<GetWorkGroupCommandOutput>(new GetWorkGroupCommand({ WorkGroup: "tip-plain" }), sb.baseCredentials),
    ).WorkGroup!;
    expect(plain.IdentityCenterApplicationArn).toBeUndefined();
    expect(plain.Configuration?.IdentityCenterConfiguration).toBeUndefined();
    expect(plain.Configuration?.ExecutionRole).toBeUndefined();
    expect(plain.Configuration?.QueryResultsS3AccessGrantsConfiguration).toBeUndefined();
    expect(plain.Configuration?.ResultConfiguration?.OutputLocation).toBe("s3://tip-sandbox-results/plain/");
  });
});

describe("Athena InvalidRequestException (modelled, 400)", () => {
  const invalid = async (op: string, s: Sent, code?: string, message?: string) => {
    const e = expectAwsError("athena", s, "InvalidRequestException", 400);
    expect(e.AthenaErrorCode).toBe(code);
    if (message) expect(e.message).toBe(message);
    coverage.modelled(op, "InvalidRequestException");
  };
  const unknown = "11111111-2222-4333-8444-555555555555";

  it("StartQueryExecution: unknown workgroup, empty query, no identity context on an Identity Center workgroup", async () => {
    await invalid(
      "StartQueryExecution",
      await athena(new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "nope" })),
      undefined,
      "WorkGroup is not found",
    );
    await invalid(
      "StartQueryExecution",
      await athena(new StartQueryExecutionCommand({ QueryString: "", WorkGroup: "tip-analysts" })),
    );
    const plain = sb.credentials.issueTemporary({
      ...sb.credentials.get(arnav.accessKeyId)!.lineage,
      identityContext: undefined,
    });
    await invalid(
      "StartQueryExecution",
      await athena(new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "tip-analysts" }), plain),
    );
  });

  it("GetQueryExecution / StopQueryExecution: unknown id (QUERY_EXECUTION_NOT_FOUND)", async () => {
    await invalid(
      "GetQueryExecution",
      await athena(new GetQueryExecutionCommand({ QueryExecutionId: unknown })),
      "QUERY_EXECUTION_NOT_FOUND",
      `QueryExecution ${unknown} was not found`,
    );
    await invalid(
      "StopQueryExecution",
      await athena(new StopQueryExecutionCommand({ QueryExecutionId: unknown })),
      "QUERY_EXECUTION_NOT_FOUND",
    );
  });

  it("GetQueryResults: FAILED, RUNNING, CANCELLED, MaxResults > 1000, a malformed token", async () => {
    await invalid(
      "GetQueryResults",
      await athena(new GetQueryResultsCommand({ QueryExecutionId: failed }), wei),
      "INVALID_QUERY_EXECUTION_STATE",
      "Query did not finish successfully. Final query state: FAILED",
    );
    sb.setFaults({ athenaQueuedMs: 0, athenaRunningMs: 600_000 });
    try {
      const running = await start("SELECT 1");
      await invalid(
        "GetQueryResults",
        await athena(new GetQueryResultsCommand({ QueryExecutionId: running })),
        "INVALID_QUERY_EXECUTION_STATE",
        "Query has not yet finished. Current state: RUNNING",
      );
      expectOk("athena", await athena(new StopQueryExecutionCommand({ QueryExecutionId: running })));
      await invalid(
        "GetQueryResults",
        await athena(new GetQueryResultsCommand({ QueryExecutionId: running })),
        "RESULT_NOT_FOUND",
        "Could not find results",
      );
    } finally {
      sb.setFaults({});
    }
    await invalid(
      "GetQueryResults",
      await athena(new GetQueryResultsCommand({ QueryExecutionId: succeeded, MaxResults: 1001 })),
      "INVALID_INPUT",
      "MaxResults is more than maximum allowed length 1000",
    );
    await invalid(
      "GetQueryResults",
      await athena(new GetQueryResultsCommand({ QueryExecutionId: succeeded, NextToken: "garbage" })),
      "INVALID_INPUT",
      "Malformed nextPageToken garbage",
    );
  });

  it("BatchGetQueryExecution: an empty id list; ListQueryExecutions: a malformed token; GetWorkGroup: unknown workgroup", async () => {
    await invalid("BatchGetQueryExecution", await athena(new BatchGetQueryExecutionCommand({ QueryExecutionIds: [] })));
    await invalid(
      "ListQueryExecutions",
      await athena(new ListQueryExecutionsCommand({ WorkGroup: "tip-analysts", NextToken: "garbage" })),
      "INVALID_INPUT",
    );
    await invalid(
      "GetWorkGroup",
      await athena(new GetWorkGroupCommand({ WorkGroup: "nope" })),
      undefined,
      "WorkGroup is not found",
    );
  });
});

describe("Athena faults and unmodelled errors", () => {
  it("InternalServerException (500, server fault) for every operation through injected faults", async () => {
    sb.setFaults({ serverErrorRate: 1, services: ["athena"] });
    try {
      const inputs: Record<string, () => { constructor: { name: string }; input: unknown }> = {
        StartQueryExecution: () =>
          new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "tip-analysts" }),
        GetQueryExecution: () => new GetQueryExecutionCommand({ QueryExecutionId: succeeded }),
        GetQueryResults: () => new GetQueryResultsCommand({ QueryExecutionId: succeeded }),
        StopQueryExecution: () => new StopQueryExecutionCommand({ QueryExecutionId: succeeded }),
        BatchGetQueryExecution: () => new BatchGetQueryExecutionCommand({ QueryExecutionIds: [succeeded] }),
        ListQueryExecutions: () => new ListQueryExecutionsCommand({}),
        GetWorkGroup: () => new GetWorkGroupCommand({ WorkGroup: "primary" }),
      };
      for (const op of OPS) {
        expectAwsError("athena", await athena(inputs[op]()), "InternalServerException", 500, "server");
        coverage.modelled(op, "InternalServerException");
      }
    } finally {
      sb.setFaults({});
    }
  });

  it("AccessDeniedException (unmodelled, 400) for a caller without athena:StartQueryExecution; ThrottlingException (unmodelled, 400)", async () => {
    expectAwsError(
      "athena",
      await athena(
        new StartQueryExecutionCommand({ QueryString: "SELECT 1", WorkGroup: "tip-analysts" }),
        sb.baseCredentials,
      ),
      "AccessDeniedException",
      400,
    );
    sb.setFaults({ throttleRate: 1, services: ["athena"] });
    try {
      expectAwsError(
        "athena",
        await athena(new GetWorkGroupCommand({ WorkGroup: "primary" })),
        "ThrottlingException",
        400,
      );
    } finally {
      sb.setFaults({});
    }
  });

  it("TooManyRequestsException (400, Reason CONCURRENT_QUERY_LIMIT_EXCEEDED) once the account's active queries fill the quota", async () => {
    const quota = sb.fixture.athena.activeQueryQuota;
    sb.fixture.athena.activeQueryQuota = 1;
    sb.setFaults({ athenaRunningMs: 10_000 });
    try {
      const running = await start("SELECT 1");
      const refused = expectAwsError(
        "athena",
        await athena(
          new StartQueryExecutionCommand({
            QueryString: "SELECT 2",
            WorkGroup: "tip-analysts",
            QueryExecutionContext: { Database: "bankdata_db" },
          }),
        ),
        "TooManyRequestsException",
        400,
      );
      expect((refused as unknown as { Reason?: string }).Reason).toBe("CONCURRENT_QUERY_LIMIT_EXCEEDED");
      coverage.modelled("StartQueryExecution", "TooManyRequestsException");
      // Queued and running queries count; a stopped one frees its place at once.
      expectOk("athena", await athena(new StopQueryExecutionCommand({ QueryExecutionId: running })));
      await start("SELECT 3");
    } finally {
      sb.fixture.athena.activeQueryQuota = quota;
      sb.setFaults({});
    }
  });

  it("every modelled error of every operation is exercised or named as not emulated", () => {
    const tooMany = {
      TooManyRequestsException:
        "only StartQueryExecution counts against the active-query quota; API rate faults use ThrottlingException",
    };
    coverage.complete("StartQueryExecution");
    for (const op of OPS.filter((o) => o !== "StartQueryExecution")) coverage.complete(op, tooMany);
  });
});
